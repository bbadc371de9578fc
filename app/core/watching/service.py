"""The folder watcher: bring the index up to date, then follow the disk until stopped.

    service = WatchService(engine, [Path("~/src")], callbacks=WatchCallbacks(batch=show))
    service.start()      # returns at once
    ...
    service.stop()       # asks; the current file is finished, nothing is half-written
    service.join()

Threads: watchdog's observer threads only filter events and queue paths
(events.py). One service thread owns the index connection and the model and
does all the work, so the caller's thread (a GUI's event loop) never waits,
and callbacks arrive on the service thread: a GUI must hand them over to its
own thread (a queued signal).

Scheduling, in the service thread's loop:
* the start-up scan (the incremental index of the watched folders: size and
  mtime, then content hash) is the first piece of bulk work; events arriving
  meanwhile are queued, so nothing changed during the scan is missed;
* a due batch (queue.py: debounced, bursts coalesced) of a few files is an
  edit: it runs at once, at full speed, and is never interrupted;
* anything bigger (a checkout, a folder copied in, the scan) is bulk: it runs
  at `bulk_cpu_share` of one core and, once it has run `MIN_BULK_SECONDS`,
  gives way between two files to an edit that is due; what it had not
  finished goes back to a backlog and is surveyed again (a stat per file:
  0.4 s for 2,000 files). More bulk work arriving meanwhile waits its turn.

Stopping and crashes: every file is one transaction, so stopping (or being
killed) between two files leaves a consistent index; the next start's scan
finds whatever was left undone.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import apsw

from app.core.engine import Engine
from app.core.errors import KenningError
from app.core.indexing.indexer import Indexer, ProgressCallback
from app.core.indexing.progress import IndexProgress, IndexReport
from app.core.model.embedder import Embedder
from app.core.paths import folder_path, has_entries
from app.core.store.rebuild import SIDE_FILES
from app.core.store.store import Store
from app.core.watching.events import ChangeHandler
from app.core.watching.filter import EventFilter, Watched
from app.core.watching.observers import Watchers
from app.core.watching.queue import Batch, ChangeQueue
from app.core.watching.state import RootWatch, forget_watches, save_watch
from app.core.watching.throttle import DutyCycle, lower_thread_priority

log = logging.getLogger(__name__)

_T = TypeVar("_T")

# Bulk work runs at least this long before giving way, so a steady trickle of
# events cannot keep a checkout from ever finishing.
MIN_BULK_SECONDS = 2.0
BUSY_RETRY_SECONDS = 2.0
# At least this often, the service looks for a watched folder that was deleted (its
# watch ended with it) and is back: a check of each watch and a stat, no disk walk.
ROOT_CHECK_SECONDS = 1.0


class WatchState(StrEnum):
    STARTING = "starting"
    SCANNING = "scanning"  # the start-up scan is not finished yet
    WATCHING = "watching"  # up to date, waiting for changes
    INDEXING = "indexing"
    STOPPED = "stopped"
    FAILED = "failed"


@dataclass(frozen=True)
class WatchOptions:
    """How the service schedules its work.

    `threads`: one, for the model: a background service should leave the
    other cores to the user, and on a busy machine one thread is also the
    faster (measured on the 2-core test machine under load: one thread 80-90
    short snippets/s, two threads 4-40/s; see app/core/model/threads.py).
    `embed_batch`: snippets embedded before files are written (the indexer
    runs texts one by one regardless); 16 keeps the wait for a cancel or for
    a file to become searchable under a second.
    """

    quiet_seconds: float = 0.3
    max_delay_seconds: float = 2.0
    poll: bool = False
    poll_interval: float = 2.0
    threads: int = 1
    embed_batch: int = 16
    bulk_cpu_share: float = 0.75
    nice: int = 10


@dataclass(frozen=True)
class BatchReport:
    """One piece of work done: how many paths it covered and what the indexer did."""

    number: int
    paths: int
    moves: int
    urgent: bool
    scan: bool  # includes (part of) the start-up scan
    report: IndexReport
    started_at: float

    @property
    def interrupted(self) -> bool:
        return self.report.cancelled


@dataclass
class WatchCallbacks:
    """Called on the service thread; any may be None."""

    state: Callable[[WatchState], None] | None = None
    watch: Callable[[RootWatch], None] | None = None
    started: Callable[[Batch], None] | None = None  # a batch is about to be indexed
    progress: ProgressCallback | None = None
    batch: Callable[[BatchReport], None] | None = None
    error: Callable[[str], None] | None = None
    resumed: Callable[[Path], None] | None = None  # a watched folder is back, watched again


class _GiveWay:
    """The indexer's cancel flag: stopping, or (bulk only) an edit is due and it is its turn."""

    def __init__(self, stopping: threading.Event, queue: ChangeQueue | None) -> None:
        self.stopping = stopping
        self.queue = queue
        self.started = time.monotonic()

    def is_set(self) -> bool:
        if self.stopping.is_set():
            return True
        return (self.queue is not None and time.monotonic() - self.started >= MIN_BULK_SECONDS
                and self.queue.has_urgent())


@dataclass
class _Backlog:
    """Bulk work waiting for its turn: path → is it a folder."""

    paths: dict[Path, bool] = field(default_factory=dict)

    def add(self, batch: Batch) -> None:
        for path in batch.paths:
            self.paths[path] = path in batch.folders

    def take(self, batch: Batch | None) -> Batch | None:
        """`batch` with the backlog appended (unless it is urgent), or the backlog alone."""
        if not self.paths or (batch is not None and batch.urgent):
            return batch
        folders = {p for p, is_dir in self.paths.items() if is_dir}
        merged = (Batch(list(self.paths), folders=folders) if batch is None
                  else batch.merge(self.paths, folders))
        self.paths = {}
        return merged


class WatchService:
    """Keeps the index in line with some folders while it runs. See the module docstring."""

    def __init__(self, engine: Engine, folders: Sequence[Path],
                 options: WatchOptions | None = None,
                 callbacks: WatchCallbacks | None = None) -> None:
        self.engine = engine
        self.folders = [folder_path(f) for f in folders]
        self.options = options or WatchOptions()
        self.callbacks = callbacks or WatchCallbacks()
        self.error: str | None = None
        self.batches = 0
        self._queue = ChangeQueue(self.options.quiet_seconds, self.options.max_delay_seconds)
        self._stopping = threading.Event()
        self._scanned = threading.Event()
        self._state = WatchState.STARTING
        self._watches: dict[str, RootWatch] = {}
        # Roots found empty with their index kept (an unmounted drive?): scanned again
        # once they hold something (a checkout into a folder deleted and made again).
        self._emptied: set[Path] = set()
        self._thread = threading.Thread(target=self._run, name="kenning-watch", daemon=True)

    # -- control (any thread) ----------------------------------------------------

    def start(self) -> None:
        """Check the folders, then start the service thread and return."""
        for folder in self.folders:
            if not folder.is_dir():
                what = "does not exist" if not folder.exists() else "is not a folder"
                raise KenningError(f"{folder} {what}")
        self._thread.start()

    def stop(self) -> None:
        """Ask the service to stop after the file in hand (returns at once)."""
        self._stopping.set()
        self._queue.close()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the service thread to end; True if it has (or never started)."""
        if self._thread.ident is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def wait_scanned(self, timeout: float | None = None) -> bool:
        """Wait until the start-up scan is done (False on timeout or if the service ended)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._scanned.wait(0.05):
            if not self._thread.is_alive() or (deadline is not None
                                               and time.monotonic() >= deadline):
                return self._scanned.is_set()
        return True

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def state(self) -> WatchState:
        return self._state

    @property
    def watches(self) -> list[RootWatch]:
        """How each folder is watched (native events or polling, and why)."""
        return list(self._watches.values())

    @property
    def pending(self) -> int:
        """Paths changed and not looked at yet."""
        return len(self._queue)

    # -- the service thread ------------------------------------------------------

    def _run(self) -> None:
        try:
            lower_thread_priority(self.options.nice)
            with self.engine.open_store() as store:
                self._serve(store)
        except Exception as exc:
            if isinstance(exc, KenningError):
                self.error = str(exc)
                log.warning("watching stopped: %s", exc)
            else:
                self.error = f"internal error: {exc.__class__.__name__}: {exc}"
                log.exception("watching failed")
            self._emit(self.callbacks.error, self.error)
            self._set_state(WatchState.FAILED)
        else:
            self._set_state(WatchState.STOPPED)

    def _serve(self, store: Store) -> None:
        indexer = Indexer(store, self._new_embedder, self.engine.config.ignore,
                          embed_batch=self.options.embed_batch)
        roots = [store.add_root(folder) for folder in self.folders]
        paths = EventFilter([Watched(f, Path(r.path)) for f, r in zip(self.folders, roots,
                                                                       strict=True)],
                            self.engine.config.ignore, private=self._private_files())
        watchers = Watchers(ChangeHandler(paths, self._queue), paths,
                            poll_interval=self.options.poll_interval,
                            force_polling=self.options.poll, on_overflow=self._rescan)
        try:
            for folder in self.folders:
                self._record(store, watchers.watch(folder))
            _ = indexer.embedder  # load the model now, not on the first edit
            self._loop(store, indexer, watchers)
        finally:
            watchers.stop()
            forget_watches(store, [str(f) for f in self.folders])

    def _loop(self, store: Store, indexer: Indexer, watchers: Watchers) -> None:
        backlog = _Backlog({folder: True for folder in self.folders})  # the start-up scan
        self._set_state(WatchState.SCANNING)
        while not self._stopping.is_set():
            self._follow_roots(store, watchers)
            batch = backlog.take(self._queue.take(timeout=0 if backlog.paths
                                                  else ROOT_CHECK_SECONDS))
            if batch is None or self._stopping.is_set():
                continue
            report = self._index(indexer, batch)
            if report is None or report.cancelled:
                backlog.add(batch)
                continue
            for watch in watchers.recheck([p for p in batch.folders if p.is_dir()]):
                self._record(store, watch)
            if not self._scanned.is_set() and not backlog.paths:
                self._finish_scan(store)
            if not self._stopping.is_set():
                self._set_state(WatchState.WATCHING if self._scanned.is_set()
                                else WatchState.SCANNING)

    def _follow_roots(self, store: Store, watchers: Watchers) -> None:
        """Watch again a folder deleted (or moved away) and made again, and index what it
        holds now.

        Deleting a watched folder ends its watch (watchdog stops it), and moving it
        away leaves the watch on the moved folder, so nothing made in a new folder at
        its path would be seen. While it is missing or empty its index is kept (the
        indexer reports it gone or empty); an empty one is scanned again once it
        holds something."""
        for folder in dict.fromkeys([*watchers.ended(), *watchers.replaced()]):
            if not os.path.isdir(folder):
                continue
            try:
                watch = watchers.rewatch(folder)
            except (FileNotFoundError, NotADirectoryError):  # gone again already
                continue
            self._emit(self.callbacks.resumed, folder)
            self._record(store, watch)
            self._queue.add(folder, is_dir=True)  # after the watch: nothing falls between
        for folder in [f for f in self._emptied if has_entries(f)]:
            self._emptied.discard(folder)
            self._emit(self.callbacks.resumed, folder)
            self._queue.add(folder, is_dir=True)

    def _index(self, indexer: Indexer, batch: Batch) -> IndexReport | None:
        """Run one batch; None if the index was busy (it goes back to the backlog)."""
        bulk = not batch.urgent
        flag = _GiveWay(self._stopping, self._queue if bulk else None)
        duty = DutyCycle(self.options.bulk_cpu_share if bulk else 1.0, self._stopping)

        def progress(tracker: IndexProgress) -> None:
            self._emit(self.callbacks.progress, tracker)
            duty.pause()

        self._emit(self.callbacks.started, batch)
        self._set_state(WatchState.INDEXING)
        started = time.time()
        try:
            report = indexer.update(batch.paths, batch.moves, progress, flag)
        except apsw.BusyError:
            message = "the index is busy (another Kenning is writing to it); retrying"
            self._emit(self.callbacks.error, message)
            self._stopping.wait(BUSY_RETRY_SECONDS)
            return None
        self.batches += 1
        for root in report.missing_roots:
            self._emit(self.callbacks.error, f"{root} is gone (moved or unmounted?): "
                                             "its index is kept as it was")
        for root in report.empty_roots:
            self._emptied.add(Path(root))
            self._emit(self.callbacks.error, f"{root} is empty (an unmounted drive?): "
                                             "its index is kept until it holds something")
        scan = not self._scanned.is_set() and any(f in batch.folders for f in self.folders)
        self._emit(self.callbacks.batch, BatchReport(self.batches, len(batch.paths),
                                                     len(batch.moves), batch.urgent, scan,
                                                     report, started))
        return report

    def _finish_scan(self, store: Store) -> None:
        for root in store.roots():
            if Path(root.path) in self.folders:
                store.mark_root_indexed(root.id)
        self._scanned.set()

    def _rescan(self) -> None:
        """Events were lost (watchdog thread): walk every watched folder again."""
        for folder in self.folders:
            self._queue.add(folder, is_dir=True)

    def _record(self, store: Store, watch: RootWatch) -> None:
        self._watches[watch.path] = watch
        save_watch(store, watch)
        self._emit(self.callbacks.watch, watch)

    def _new_embedder(self) -> Embedder:
        return Embedder(self.engine.model_path(), n_threads=self.options.threads)

    def _private_files(self) -> list[Path]:
        """The index and its side files: writing them must not look like a change."""
        db = self.engine.config.db_path.expanduser().absolute()
        return [db, *(Path(f"{db}{suffix}") for suffix in SIDE_FILES)]

    def _set_state(self, state: WatchState) -> None:
        if state != self._state:
            self._state = state
            self._emit(self.callbacks.state, state)

    def _emit(self, callback: Callable[[_T], None] | None, value: _T) -> None:
        """Call a user callback; a failing callback is logged, never fatal."""
        if callback is None:
            return
        try:
            callback(value)
        except Exception:
            log.exception("watch callback %r failed", callback)
