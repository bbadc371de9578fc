"""The folder watcher run until stopped, its events printed: for people, or as JSON lines.

`kenning watch` (app/cli/commands.py) runs it in a terminal; the window's
watching process (app/core/processes/watch_child.py) with JSON lines, which is
the protocol between the two. As JSON, stdout is one object per line:

    {"event": "watch", "path": ..., "mode": "native"|"polling", "reason": ..., "hint": ...,
     "pid": ..., "since": ...}
    {"event": "state", "state": "scanning"|"watching"|"indexing"|"stopped"|"failed"}
    {"event": "indexing", "paths": ..., "moves": ..., "urgent": ...}   a batch starts
    {"event": "progress", "files_done": ..., "files_total": ..., "current": ...}
        (at most every PROGRESS_SECONDS while a batch runs)
    {"event": "batch", "number": ..., "paths": ..., "indexed": ..., "removed": ..., ...}
    {"event": "error", "message": ...}
    {"event": "resumed", "path": ...}   a watched folder gone (or empty) is back: indexed again

SIGINT and SIGTERM stop it cleanly: the file in hand is finished, then exit 0.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from app.core.engine import Engine
from app.core.indexing.progress import IndexProgress
from app.core.watching.queue import Batch
from app.core.watching.service import (
    BatchReport,
    WatchCallbacks,
    WatchOptions,
    WatchService,
    WatchState,
)
from app.core.watching.state import POLLING, RootWatch

PROGRESS_SECONDS = 0.25


class WatchPrinter:
    """Prints what the service reports: lines for people, or JSON lines."""

    def __init__(self, as_json: bool, quiet: bool) -> None:
        self.as_json = as_json
        self.quiet = quiet
        self._lock = threading.Lock()
        self._said: set[WatchState] = set()
        self._progress_at = 0.0
        self._progress_last = (0, 0)

    def callbacks(self) -> WatchCallbacks:
        return WatchCallbacks(state=self.state, watch=self.watch, batch=self.batch,
                              error=self.error, started=self.started, progress=self.progress,
                              resumed=self.resumed)

    def _out(self, line: str, *, event: dict[str, object] | None = None,
             important: bool = False) -> None:
        with self._lock:
            if self.as_json and event is not None:
                print(json.dumps(event, ensure_ascii=False), flush=True)
            elif not self.as_json and (important or not self.quiet):
                stream = sys.stderr if important else sys.stdout
                print(line, file=stream, flush=True)

    def watch(self, watch: RootWatch) -> None:
        line = f"watching {watch.path} ({'native events' if watch.mode != POLLING else 'polling'})"
        if watch.reason:
            line += f": {watch.reason}"
        if watch.hint:
            line += f"\n  to fix it, {watch.hint}"
        self._out(line, event={"event": "watch", **asdict(watch)},
                  important=watch.mode == POLLING)

    def state(self, state: WatchState) -> None:
        line = {WatchState.SCANNING: "bringing the index up to date…",
                WatchState.WATCHING: "up to date; watching for changes (Ctrl-C to stop)",
                WatchState.STOPPED: "stopped"}.get(state)
        if self.as_json or (line is not None and state not in self._said):
            self._said.add(state)
            self._out(line or "", event={"event": "state", "state": str(state)})

    def started(self, batch: Batch) -> None:
        self._progress_last = (0, 0)
        if self.as_json:
            self._out("", event={"event": "indexing", "paths": len(batch.paths),
                                 "moves": len(batch.moves), "urgent": batch.urgent})

    def progress(self, tracker: IndexProgress) -> None:
        """Called once per file: passed on at most every PROGRESS_SECONDS, and at the end."""
        now = time.monotonic()
        counts = (tracker.files_done, tracker.files_total)
        last = tracker.files_done >= tracker.files_total
        if (not self.as_json or counts == self._progress_last
                or (now - self._progress_at < PROGRESS_SECONDS and not last)):
            return
        self._progress_at, self._progress_last = now, counts
        self._out("", event={"event": "progress", "files_done": tracker.files_done,
                             "files_total": tracker.files_total,
                             "current": tracker.current_path})

    def batch(self, batch: BatchReport) -> None:
        r = batch.report
        parts = [f"{n} {what}" for n, what in ((r.files_indexed, "indexed"),
                                               (r.files_moved, "moved"),
                                               (r.files_removed, "removed"),
                                               (len(r.skipped), "skipped")) if n]
        what = ("start-up scan" if batch.scan else
                f"{batch.paths} changed path{'s' if batch.paths != 1 else ''}")
        line = (f"{time.strftime('%H:%M:%S')} {what}: {', '.join(parts) or 'nothing to do'}"
                f" ({r.snippets_embedded} snippets embedded, {r.seconds:.1f}s"
                f"{', interrupted' if r.cancelled else ''})")
        self._out(line, event={
            "event": "batch", "number": batch.number, "paths": batch.paths,
            "moves": batch.moves, "urgent": batch.urgent, "scan": batch.scan,
            "indexed": r.files_indexed,
            "moved": r.files_moved, "removed": r.files_removed, "unchanged": r.files_unchanged,
            "skipped": len(r.skipped), "embedded": r.snippets_embedded,
            "reused": r.snippets_reused, "interrupted": r.cancelled, "seconds": r.seconds,
            "started_at": batch.started_at})

    def resumed(self, folder: Path) -> None:
        """Told where the folder's "is gone" error was (shown even with --quiet)."""
        self._out(f"kenning: {folder} is back: watching it again and indexing what it holds",
                  event={"event": "resumed", "path": str(folder)}, important=True)

    def error(self, message: str) -> None:
        self._out(f"kenning: {message}", event={"event": "error", "message": message},
                  important=True)


def run_watch(engine: Engine, folders: Sequence[Path], options: WatchOptions,
              printer: WatchPrinter, stop: threading.Event | None = None) -> int:
    """Watch until SIGINT/SIGTERM or `stop` is set: 0; or until a fatal error (printed): 1."""
    service = WatchService(engine, folders, options, printer.callbacks())
    stop = stop or threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set())
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        service.start()  # a missing folder raises here, before any thread
        while service.running and not stop.wait(0.2):
            pass
    finally:
        service.stop()
        service.join()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if service.error else 0
