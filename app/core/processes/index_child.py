"""The indexing process the window starts: one job (index or remove one folder, or throw
a damaged index away), then exit.

Why a process and not a thread of the window: a tree-sitter parse holds the
GIL for its whole duration (measured: ~150 ms for a 1 MB file on an idle
core, more on a busy one), which would freeze the window's event loop; and a
C-level abort in llama.cpp or a grammar would take the window down with it.
In a child the window stays responsive whatever happens, and a crash is one
line in the index panel.

No Qt in here. The protocol, one JSON object per line:

    argv    --db FILE [--model PATH] [--threads N] [--exclude PATTERN]... [--paused]
            index|remove FOLDER, or rebuild FILE (the --db file: thrown away as
            `kenning index --rebuild` does; "done" names its folders, which the window
            then indexes, and where a file that held no index was kept)
    stdin   "pause", "resume", "cancel"; end of input (the window went away) = cancel
    stdout  {"event": "progress", ...} at most every REPORT_SECONDS while something changes,
            then {"event": "done", ...} or {"event": "error", "message": ...}
    exit    0 done (or cancelled), 1 an error explained in the message, 70 a bug (see the log)
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from app.core.engine import Engine, EngineConfig, IndexControl
from app.core.errors import KenningError
from app.core.files.rules import IgnoreOptions
from app.core.indexing.progress import IndexProgress
from app.core.logs import setup_logging
from app.core.memory import resident_mb
from app.core.model.gguf_inspect import inspect_embedding_model
from app.core.store.rebuild import prepare_rebuild

REPORT_SECONDS = 0.25

log = logging.getLogger(__name__)


class Reporter:
    """Writes events to stdout; a ticker thread reports live progress between callbacks.

    The indexer calls back once per file, but embedding one batch can take
    seconds: the ticker reads the live counters so the window's numbers move.
    """

    def __init__(self, folder: Path, control: IndexControl) -> None:
        self.folder = str(folder)
        self.control = control
        self.tracker: IndexProgress | None = None
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._last: tuple[object, ...] | None = None
        self._stop = threading.Event()
        self._ticker = threading.Thread(target=self._tick, name="reporter", daemon=True)

    def __enter__(self) -> Reporter:
        self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._ticker.join()

    def emit(self, event: str, **fields: object) -> None:
        with self._lock:
            sys.stdout.write(json.dumps({"event": event, **fields}, ensure_ascii=False) + "\n")
            sys.stdout.flush()

    def on_progress(self, tracker: IndexProgress) -> None:
        self.tracker = tracker

    def report(self) -> None:
        """Emit a progress event if anything changed since the last one.

        Before the indexer's first callback (after the first file is written)
        only the live snippet count is known.
        """
        tracker = self.tracker
        embedded = self.control.embedded
        if tracker is None:
            files_done, files_total, current, rate, eta, embed_total = 0, 0, "", 0.0, None, 0
        else:
            files_done, files_total = tracker.files_done, tracker.files_total
            current, rate, eta = (tracker.current_path, tracker.files_per_second,
                                  tracker.eta_seconds)
            embed_total = tracker.embed_total
        state = (files_done, files_total, embedded, current, embed_total)
        if state == self._last or state == (0, 0, 0, "", 0):
            return
        self._last = state
        elapsed = max(time.monotonic() - self.started, 1e-6)
        self.emit("progress", folder=self.folder, files_done=files_done,
                  files_total=files_total, snippets=embedded, current=current,
                  files_per_second=rate, snippets_per_second=embedded / elapsed, eta=eta,
                  embed_total=embed_total)

    def _tick(self) -> None:
        while not self._stop.wait(REPORT_SECONDS):
            self.report()


def _listen(control: IndexControl) -> None:
    """Apply the window's commands from stdin until it closes it."""
    for line in sys.stdin:
        command = line.strip()
        if command == "pause":
            control.pause.set()
        elif command == "resume":
            control.pause.clear()
        elif command == "cancel":
            break
    control.cancel.set()


def engine_config(args: argparse.Namespace) -> EngineConfig:
    """The engine the window asked for (see `add_engine_options`)."""
    config = EngineConfig.from_options(args.db, args.model, args.threads)
    config.ignore = IgnoreOptions(extra_patterns=tuple(args.exclude))
    return config


def run(args: argparse.Namespace, control: IndexControl, reporter: Reporter) -> None:
    engine = Engine(engine_config(args))
    folder = Path(args.folder)
    if args.action == "remove":
        with engine.open_store() as store:
            removed = store.remove_root(folder)
        reporter.emit("done", folder=str(folder), removed=removed)
        return
    if args.action == "rebuild":
        rebuild = prepare_rebuild(engine.config.db_path)
        inspect_embedding_model(engine.model_path())  # a wrong model: nothing thrown away
        kept = rebuild.discard()
        reporter.emit("done", folder=str(folder), roots=rebuild.roots,
                      kept_as=str(kept) if kept else None)
        return
    report = engine.index([folder], reporter.on_progress, control=control)
    reporter.report()
    reporter.emit("done", folder=str(folder), peak_rss_mb=round(resident_mb("VmHWM")),
                  **report.to_json())


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The options every child of the window takes: which index, model, threads, ignores."""
    parser.add_argument("--db", required=True)
    parser.add_argument("--model")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--exclude", action="append", default=[])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kenning-index-child")
    add_engine_options(parser)
    parser.add_argument("--paused", action="store_true", help="start paused")
    parser.add_argument("action", choices=["index", "remove", "rebuild"])
    parser.add_argument("folder")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()
    control = IndexControl()
    if args.paused:
        control.pause.set()
    threading.Thread(target=_listen, args=(control,), name="commands", daemon=True).start()
    with Reporter(Path(args.folder), control) as reporter:
        try:
            run(args, control, reporter)
        except KenningError as exc:
            reporter.emit("error", message=str(exc))
            return 1
        except Exception as exc:
            log.exception("indexing process failed on %s", args.folder)
            reporter.emit("error", message=f"internal error: {exc.__class__.__name__}: {exc}")
            return 70
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
