"""Helpers for the window tests: type like a user, wait for the index, take screenshots."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.core.search.request import SearchResponse, SearchResult
from app.gui.main_window import MainWindow
from tests.conftest import REPO

DEMO = REPO / "resources" / "demo"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
# Indexing runs in a child process on a shared 2-core machine: be patient.
INDEX_TIMEOUT_MS = 240_000
SEARCH_TIMEOUT_MS = 60_000


def search(qtbot: QtBot, window: MainWindow, text: str) -> SearchResponse:
    """Type `text` into the query box like a user; wait for the results and the preview."""
    window.search_bar.query.clear()
    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS,
                          check_params_cb=lambda r: r.request.query == text.strip()) as got:
        qtbot.keyClicks(window.search_bar.query, text)
    response: SearchResponse = got.args[0]
    if response.results:
        wait_for_preview(qtbot, window, response.results[0])
    return response


def wait_for_preview(qtbot: QtBot, window: MainWindow, result: SearchResult) -> None:
    """Wait until the code of `result` is on screen (it loads on the preview thread)."""
    qtbot.waitUntil(lambda: window.preview.shown_result == result, timeout=SEARCH_TIMEOUT_MS)


def wait_until_indexed(qtbot: QtBot, window: MainWindow, folder: Path,
                       timeout: int = INDEX_TIMEOUT_MS) -> None:
    """Wait until `folder` is completely indexed and the window knows it."""
    def done() -> bool:
        if str(folder) in window.errors:
            raise RuntimeError(f"indexing {folder} failed: {window.errors[str(folder)]}")
        status = window.status
        roots = {r.path: r for r in status.stats.roots} if status else {}
        root = roots.get(str(folder))
        return (root is not None and root.indexed_at is not None
                and not window.index_queue.is_busy())
    qtbot.waitUntil(done, timeout=timeout)


def screenshot(widget: QWidget, name: str) -> Path:
    """Save what `widget` looks like now to test-artifacts/screenshots/NAME.png."""
    # Layouts settle on posted events: without them, text set just before is clipped.
    QApplication.processEvents()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    assert widget.grab().save(str(path)), path
    return path


def rich_text_labels(widget: QWidget) -> list[str]:
    """Texts of labels under `widget` that Qt would interpret as rich text."""
    return [label.text() for label in widget.findChildren(QLabel)
            if label.textFormat() != Qt.PlainText]
