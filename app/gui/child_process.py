"""The window's Python child processes (indexing, watching): started and read alike.

Each child is this interpreter running a module of this very `app` package
(installed or not) and talks in JSON lines on stdout; QProcess delivers its
output and its end through the event loop, so the window never waits on it.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment

import app
from app.core.engine import EngineConfig
from app.core.processes import module_argv

log = logging.getLogger(__name__)


def python_child(parent: QObject) -> QProcess:
    """A QProcess set up to run this interpreter on this `app` package (see `start_module`)."""
    process = QProcess(parent)
    env = QProcessEnvironment.systemEnvironment()
    source_root = str(Path(app.__file__).resolve().parent.parent)
    env.insert("PYTHONPATH", os.pathsep.join(
        p for p in (source_root, env.value("PYTHONPATH")) if p))
    process.setProcessEnvironment(env)
    return process


def start_module(process: QProcess, module: str, args: Sequence[str]) -> None:
    """`python -m module args...`; connect the process's signals first (a failure to
    start is reported at once)."""
    program, *arguments = module_argv(module, args)
    process.start(program, arguments)


def engine_args(config: EngineConfig) -> list[str]:
    """The options of app.core.processes.index_child.add_engine_options for this engine."""
    args = ["--db", str(config.db_path)]
    if config.model_path is not None:
        args += ["--model", str(config.model_path)]
    for pattern in config.ignore.extra_patterns:
        args += ["--exclude", pattern]
    return args


def read_events(process: QProcess, what: str) -> Iterator[dict]:
    """The complete JSON lines the child has written so far; other lines are logged."""
    while process.canReadLine():
        line = bytes(process.readLine().data()).decode("utf-8", "replace").strip()
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            log.warning("%s process said: %s", what, line)
            continue
        if isinstance(event, dict):
            yield event


def log_stderr(process: QProcess, what: str) -> None:
    """Put what the child wrote on stderr (a traceback, a C library's complaint) in the log."""
    stderr = bytes(process.readAllStandardError().data()).decode("utf-8", "replace")
    if stderr.strip():
        log.warning("%s process stderr:\n%s", what, stderr.rstrip())
