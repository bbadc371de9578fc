"""Searches off the UI thread: debounced, and superseded queries never run.

The UI thread bumps a generation number on every change of the query or the
filters and, after DEBOUNCE_MS of quiet, posts (generation, request) to a
worker thread. The worker skips a request whose generation is no longer the
latest (the user typed on while it waited), and the UI drops any answer that
comes back for an older generation. A search already running is not
interrupted: on a laptop index it takes tens of milliseconds.

The worker keeps one read-only Store for its thread (SQLite connections are
per thread), opened on first use and reopened after an error, and also reads
the index status for the window.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.core.engine import Engine
from app.core.errors import KenningError, RebuildNeededError, StoreError
from app.core.logs import log_path
from app.core.search.request import SearchRequest, SearchResponse
from app.core.store.store import Store
from app.gui.threads import WorkerThread

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
# The index is warmed this long after the window is built, not at once: at once, a
# query typed as the window appeared waited behind the warming (first results 0.89 s,
# against 0.74 s without warming and 0.71 s with this delay; the window probe, medians
# of 4 interleaved rounds, bench/latency_exploration/warm_ab.sh).
WARM_INDEX_DELAY_MS = 1500


def _bug_message(exc: Exception) -> str:
    return f"internal error: {exc.__class__.__name__}: {exc} (details in {log_path()})"


def _wal_index_id(db: Path) -> tuple[int, int] | None:
    """Which `-shm` file (the WAL's index) is next to the index now, if any.

    Seen in the window, when the folder dialog had shown the folder that
    holds the index (as we read it, the dialog opens and closes the index's
    files, which drops every POSIX lock this process holds on them, SQLite's
    too): an indexing child's last connection saw no other user and deleted
    the -wal and -shm files while the search thread's read-only connection
    still had them open (`/proc/self/maps`: "index.db-shm (deleted)"). That
    connection then read the index as it was, for good, and a removed
    folder's results stayed. A connection cannot tell; the file system can:
    when the -shm file at the path is another one, reopen.
    """
    try:
        info = os.stat(f"{db}-shm")
    except OSError:
        return None
    return info.st_dev, info.st_ino


class SearchWorker(QObject):
    """Lives in the search thread; every slot runs there."""

    finished = Signal(int, object)     # generation, SearchResponse
    failed = Signal(int, str)          # generation, message for the user
    status_ready = Signal(object, str)  # Status or None, error message or ""
    rebuild_needed = Signal(str)        # the index is damaged or from another model: why

    def __init__(self, engine: Engine, *, supersede: bool = True) -> None:
        """With `supersede`, a request that is no longer the latest is skipped."""
        super().__init__()
        self._engine = engine
        self._supersede = supersede
        self._store: Store | None = None
        self._wal_index: tuple[int, int] | None = None
        # Written by the UI thread, read here: a plain int is atomic under the GIL.
        self.latest = 0

    def _open_store(self) -> Store:
        if self._store is not None and _wal_index_id(self._store.path) != self._wal_index:
            self.close()  # its WAL files were removed under it: it would read a past state
        if self._store is None:
            self._store = self._engine.open_store(readonly=True)
            self._wal_index = _wal_index_id(self._store.path)
        return self._store

    @Slot()
    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @Slot(int, object)
    def search(self, generation: int, request: SearchRequest) -> None:
        if self._supersede and generation != self.latest:
            return  # superseded while it waited in the queue
        try:
            response = self._engine.searcher(self._open_store()).search(request)
        except KenningError as exc:
            if isinstance(exc, StoreError):
                self.close()  # the file may have been rebuilt or repaired: reopen next time
            self._tell_if_rebuild_needed(exc)
            self.failed.emit(generation, str(exc))
        except Exception as exc:
            log.exception("search failed: %r", request)
            self.failed.emit(generation, _bug_message(exc))
        else:
            self.finished.emit(generation, response)

    def _tell_if_rebuild_needed(self, exc: KenningError) -> None:
        if isinstance(exc, RebuildNeededError):
            self.rebuild_needed.emit(str(exc))

    @Slot()
    def refresh_status(self) -> None:
        """Read what is indexed; no index file yet is not an error (first run)."""
        if not self._engine.config.db_path.exists():
            self.status_ready.emit(None, "")
            return
        try:
            status = self._engine.status()
        except KenningError as exc:
            self._tell_if_rebuild_needed(exc)
            self.status_ready.emit(None, str(exc))
        except Exception as exc:
            log.exception("reading the index status failed")
            self.status_ready.emit(None, _bug_message(exc))
        else:
            self.status_ready.emit(status, "")

    @Slot()
    def warm_up(self) -> None:
        """Load the query model before the first keystroke needs it."""
        try:
            self._engine.query_embedder()
        except KenningError as exc:  # shown when a search needs the model
            log.warning("query model not loaded: %s", exc)

    @Slot()
    def warm_index(self) -> None:
        """Load the index's in-memory parts before a search needs them: one search,
        which also starts the background builds (lexical postings, the rows' bias
        factors) that the app's later searches use."""
        if not self._engine.config.db_path.exists():
            return
        try:
            self._engine.searcher(self._open_store()).warm_up()
        except KenningError as exc:  # shown when a search needs the index
            log.warning("search not warmed up: %s", exc)
            self._tell_if_rebuild_needed(exc)  # the window says so before anyone types
        except Exception:  # best effort: the first search says what is wrong
            log.exception("warming up the search failed")


class SearchController(QObject):
    """The UI-thread side: debounce, generations, the worker thread's life."""

    results = Signal(object)   # SearchResponse of the latest request
    failed = Signal(str)
    started = Signal()         # a search was sent (the UI may show "searching…")
    status_ready = Signal(object, str)
    rebuild_needed = Signal(str)
    _submit = Signal(int, object)
    _status = Signal()
    _warm_up = Signal()
    _warm_index = Signal()

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._request: SearchRequest | None = None
        self._timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._timer.timeout.connect(self._send)
        self._worker = SearchWorker(engine)
        self._thread = WorkerThread(self._worker, "search", self, on_finish=self._worker.close)
        self._submit.connect(self._worker.search)
        self._status.connect(self._worker.refresh_status)
        self._warm_up.connect(self._worker.warm_up)
        self._warm_index.connect(self._worker.warm_index)
        QTimer.singleShot(WARM_INDEX_DELAY_MS, self, self._warm_index.emit)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._worker.status_ready.connect(self.status_ready)
        self._worker.rebuild_needed.connect(self.rebuild_needed)
        self._warm_up.emit()

    def search(self, request: SearchRequest) -> None:
        """Ask for `request`; only the last one asked within DEBOUNCE_MS runs.

        An empty query cancels whatever is pending and answers with no results.
        """
        self._generation += 1
        self._worker.latest = self._generation
        if not request.query.strip():
            self._timer.stop()
            self._request = None
            self.results.emit(SearchResponse(request))
            return
        self._request = request
        self._timer.start()

    def refresh_status(self) -> None:
        self._status.emit()

    def shutdown(self) -> None:
        """Stop and join the worker thread (a QThread destroyed while running aborts)."""
        self._timer.stop()
        self._worker.latest = -1
        self._thread.stop()

    def _send(self) -> None:
        if self._request is not None:
            self.started.emit()
            self._submit.emit(self._generation, self._request)

    def _on_finished(self, generation: int, response: SearchResponse) -> None:
        if generation == self._generation:
            self._request = None
            self.results.emit(response)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation:
            self._request = None
            self.failed.emit(message)
