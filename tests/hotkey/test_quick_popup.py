"""The quick-search popup in-process (offscreen): search, keys, editor, main window."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.core.search.request import SearchResponse
from app.gui.quick_popup import RESULTS, TITLE, QuickPopup
from tests.gui.helpers import SEARCH_TIMEOUT_MS, screenshot
from tests.hotkey.conftest import QUERY, QuickIndex, QuickSetup


def _summon(qtbot: QtBot, popup: QuickPopup) -> None:
    """Show the popup. Offscreen activates a window on its first show only: focus and
    activation on every show are checked on a real X server (test_x11_quick)."""
    popup.summon()
    qtbot.waitUntil(popup.isVisible)


def _type(qtbot: QtBot, popup: QuickPopup, text: str) -> SearchResponse:
    popup.query.clear()
    with qtbot.waitSignal(popup.searches.results, timeout=SEARCH_TIMEOUT_MS,
                          check_params_cb=lambda r: r.request.query == text) as got:
        qtbot.keyClicks(popup.query, text)
    return got.args[0]


def test_a_frameless_window_over_everything_centred_and_focused(
        qtbot: QtBot, quick: QuickSetup) -> None:
    popup = quick.popup
    assert popup.windowTitle() == TITLE
    flags = popup.windowFlags()
    assert flags & Qt.FramelessWindowHint and flags & Qt.WindowStaysOnTopHint
    _summon(qtbot, popup)
    qtbot.waitUntil(popup.isActiveWindow)
    assert popup.query.hasFocus()
    area = QGuiApplication.primaryScreen().availableGeometry()
    assert abs(popup.frameGeometry().center().x() - area.center().x()) <= 1
    assert abs(popup.frameGeometry().center().y() - area.center().y()) <= 1
    assert not quick.window.isVisible()  # the popup needs no main window on screen


def test_results_say_what_and_where_like_the_main_window_and_the_keys(
        qtbot: QtBot, quick: QuickSetup, quick_index: QuickIndex) -> None:
    popup = quick.popup
    _summon(qtbot, popup)
    response = _type(qtbot, popup, QUERY)
    top = response.results[0]
    assert (top.path, top.start_line) == (str(quick_index.target), quick_index.line)
    assert 1 < popup.results.results_model.rowCount() <= RESULTS
    assert popup.results.current_result() == top
    # Rows name the definition, its kind and language, and the folder, as the main
    # window's do (not the first line of code, which may be "if path is None:").
    assert popup.results.itemDelegate().second_line(top) == (
        f"file_checksum · function · python   ({Path(top.root).name})")
    screenshot(popup, "quick-popup")

    qtbot.keyClick(popup.query, Qt.Key_Down)
    assert popup.results.current_result() == response.results[1]
    qtbot.keyClick(popup.query, Qt.Key_Up)
    assert popup.results.current_result() == top

    qtbot.keyClick(popup.query, Qt.Key_C, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == f"{top.path}:{top.start_line}"

    qtbot.keyClick(popup.query, Qt.Key_Return)
    assert not popup.isVisible()
    deadline = time.monotonic() + 30
    while not quick.editor_log.exists() and time.monotonic() < deadline:
        qtbot.wait(50)
    assert quick.editor_log.read_text().splitlines() == [f"{top.path}\0{top.start_line}"]

    _summon(qtbot, popup)  # the last query is kept, selected: typing replaces it
    assert popup.query.selectedText() == QUERY
    qtbot.keyClick(popup.query, Qt.Key_Escape)
    assert not popup.isVisible()


def test_ctrl_enter_shows_the_result_in_the_main_window(
        qtbot: QtBot, quick: QuickSetup) -> None:
    popup, window = quick.popup, quick.window
    _summon(qtbot, popup)
    response = _type(qtbot, popup, QUERY)
    qtbot.keyClick(popup.query, Qt.Key_Down)
    chosen = response.results[1]
    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS):
        qtbot.keyClick(popup.query, Qt.Key_Return, Qt.ControlModifier)
    assert not popup.isVisible() and window.isVisible()
    assert window.search_bar.query.text() == QUERY
    assert window.current_result() == chosen  # kept selected when the search came back
    qtbot.waitUntil(lambda: window.preview.shown_result == chosen, timeout=SEARCH_TIMEOUT_MS)


def test_clicking_another_window_puts_the_popup_away(qtbot: QtBot, quick: QuickSetup) -> None:
    popup, window = quick.popup, quick.window
    _summon(qtbot, popup)
    qtbot.waitUntil(popup.isActiveWindow)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: not popup.isVisible())
    popup.toggle()
    assert popup.isVisible()
    popup.toggle()
    assert not popup.isVisible()
