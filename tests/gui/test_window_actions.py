"""The window's actions (shared by menus and the tray) and the tray itself."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.gui import error_hook
from app.gui.tray import tray_available
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import search


def test_show_hide_quick_search_and_sidebar(qtbot: QtBot, make_window: MakeWindow,
                                            demo_db: Path) -> None:
    window = make_window(demo_db, Settings(hotkey="Ctrl+Shift+Space"))
    window.search_bar.query.setText("some earlier query")
    window.toggle_window_action.trigger()
    assert not window.isVisible()
    window.quick_search_action.trigger()
    assert window.isVisible()
    assert window.search_bar.query.selectedText() == "some earlier query"  # type over it
    window.sidebar_action.trigger()
    assert not window.sidebar.isVisible()
    window.sidebar_action.trigger()
    assert window.sidebar.isVisible()
    keys = [s.key() for s in window.findChildren(QShortcut)]
    assert QKeySequence("Ctrl+Shift+Space") in keys
    menu_texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "&Pause indexing" in menu_texts and "&Settings…" in menu_texts


def test_closing_keeps_running_in_the_tray(qtbot: QtBot, make_window: MakeWindow,
                                           demo_db: Path) -> None:
    if not tray_available():  # asked here: Qt needs its application first
        pytest.skip("this desktop has no system tray (offscreen has none)")
    window = make_window(demo_db, Settings(tray_icon=True, close_to_tray=True))
    assert window.tray is not None and window.tray.isVisible()
    menu = [a.text() for a in window.tray.contextMenu().actions() if a.text()]
    assert menu == ["Show/Hide Kenning", "Quick search", "&Pause indexing", "&Quit"]
    window.close()
    assert not window.isVisible()
    window.quick_search_action.trigger()  # back from the tray, still working
    assert search(qtbot, window, "hash a password").results


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_shown_and_survived(
        qtbot: QtBot, make_window: MakeWindow, demo_db: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    window = make_window(demo_db)
    previous = error_hook.install(window.banner.show_message)
    try:
        def broken() -> None:
            raise RuntimeError("a slot went wrong")

        QTimer.singleShot(0, broken)
        qtbot.waitUntil(lambda: "a slot went wrong" in window.banner.text())
    finally:
        sys.excepthook = previous
    assert window.banner.text().startswith("Something went wrong (RuntimeError")
    assert any(r.exc_info and "a slot went wrong" in str(r.exc_info[1])
               for r in caplog.records)
    assert search(qtbot, window, "retry failed uploads").results  # the window still works
