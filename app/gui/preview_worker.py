"""Loads previews on their own thread; only the latest request is worked on.

Reading the window of the file and lexing it with Pygments takes tens of
milliseconds: done here, holding ↓ over the results never stutters, and a
result skipped over before its turn is never loaded at all.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal, Slot

from app.core.search.request import SearchResult
from app.gui.preview import PreviewText, lexer_for, load_preview, token_spans
from app.gui.threads import WorkerThread

log = logging.getLogger(__name__)


class PreviewWorker(QObject):
    ready = Signal(int, object)   # generation, PreviewText
    failed = Signal(int, str)

    def __init__(self) -> None:
        super().__init__()
        self.latest = 0  # written by the UI thread; an int is atomic under the GIL

    @Slot()
    def warm_up(self) -> None:
        """Pay Pygments' first-use costs (plugin scan, lexer import, regex compile) now.

        Done at start, they do not land on the first preview, when the user is
        waiting; this thread's Python work competes with the UI thread for the GIL.
        """
        token_spans("def f():\n    return 1\n", lexer_for("python", "warm_up.py"))

    @Slot(int, object)
    def load(self, generation: int, result: SearchResult) -> None:
        if generation != self.latest:
            return
        try:
            preview = load_preview(result)
        except Exception as exc:  # a bug: say so in the preview, keep the window
            log.exception("preview of %s failed", result.path)
            self.failed.emit(generation, f"Cannot show this file: {exc.__class__.__name__}")
        else:
            self.ready.emit(generation, preview)


class PreviewLoader(QObject):
    """UI side: ask for a result's preview; `ready` fires for the latest one only."""

    ready = Signal(object, object)   # SearchResult, PreviewText
    failed = Signal(object, str)
    _request = Signal(int, object)
    _warm_up = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._generation = 0
        self._wanted: SearchResult | None = None
        self._worker = PreviewWorker()
        self._thread = WorkerThread(self._worker, "preview", self)
        self._request.connect(self._worker.load)
        self._worker.ready.connect(self._on_ready)
        self._worker.failed.connect(self._on_failed)
        self._warm_up.connect(self._worker.warm_up)
        self._warm_up.emit()

    def load(self, result: SearchResult | None) -> None:
        """Load `result` (None: forget any pending load)."""
        self._generation += 1
        self._worker.latest = self._generation
        self._wanted = result
        if result is not None:
            self._request.emit(self._generation, result)

    def stop(self) -> None:
        self._worker.latest = -1
        self._thread.stop()

    def _on_ready(self, generation: int, preview: PreviewText) -> None:
        if generation == self._generation and self._wanted is not None:
            self.ready.emit(self._wanted, preview)

    def _on_failed(self, generation: int, message: str) -> None:
        if generation == self._generation and self._wanted is not None:
            self.failed.emit(self._wanted, message)
