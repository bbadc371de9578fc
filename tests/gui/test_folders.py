"""Folders: the first-run empty state, adding (dialog, drag and drop), removing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot

from app.core.engine import Engine, EngineConfig
from app.core.settings import load_settings
from app.gui.main_window import MainWindow
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import DEMO, screenshot, search, wait_until_indexed


def _write_project(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "tool.py").write_text(body)
    return folder


def _drop_folders(window: MainWindow, folders: list[Path]) -> bool:
    """Drag folders from a file manager onto the folder list; True if the drop was taken."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f)) for f in folders])
    target = window.folders_panel.list
    pos = QPointF(10, 10)
    enter = QDragEnterEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def test_first_run_explains_and_indexes_the_demo(qtbot: QtBot, make_window: MakeWindow,
                                                 tmp_path: Path) -> None:
    db = tmp_path / "fresh" / "index.db"
    window = make_window(db)
    assert window.pages.currentWidget() is window.empty_state
    assert window.empty_state.demo_button.isVisible()
    screenshot(window, "empty")

    qtbot.mouseClick(window.empty_state.demo_button, Qt.LeftButton)
    assert window.pages.currentWidget() is not window.empty_state  # progress shows at once
    wait_until_indexed(qtbot, window, DEMO)
    assert load_settings().folders == [str(DEMO)]
    response = search(qtbot, window, "debounce user input")
    assert response.results[0].symbol == "debounce"
    # The CLI finds the same index (same file, same data).
    assert Engine(EngineConfig(db_path=db)).status().stats.roots[0].path == str(DEMO)


def test_add_with_the_dialog_and_by_drag_and_drop_then_remove(
        qtbot: QtBot, make_window: MakeWindow, demo_db: Path, tmp_path: Path) -> None:
    billing = _write_project(tmp_path / "billing", (
        "def prorate_invoice(amount, days_used, days_in_month):\n"
        "    \"\"\"Charge only for the days of the month the plan was active.\"\"\"\n"
        "    return round(amount * days_used / days_in_month, 2)\n"))
    weather = _write_project(tmp_path / "weather", (
        "def celsius_to_fahrenheit(degrees):\n"
        "    return degrees * 9 / 5 + 32\n"))
    window = make_window(demo_db)
    # A search first: the window's connection is older than the indexing's WAL files.
    assert search(qtbot, window, "retry failed uploads").results

    # The dialog: choose a folder and accept, as a user would.
    dialog = window.show_add_folder_dialog()
    assert isinstance(dialog, QFileDialog) and dialog.isVisible()
    dialog.setDirectory(str(tmp_path))
    dialog.selectFile(str(billing))
    dialog.accept()
    # Drag and drop onto the window.
    assert _drop_folders(window, [weather])
    rows = dict(window.folders_panel.rows())
    assert str(billing) in rows and str(weather) in rows
    assert "Queued" in rows[str(weather)] or "Indexing" in rows[str(weather)]

    wait_until_indexed(qtbot, window, billing)
    wait_until_indexed(qtbot, window, weather)
    assert "Indexed " in dict(window.folders_panel.rows())[str(weather)]
    assert search(qtbot, window, "convert temperature units").results[0].symbol == (
        "celsius_to_fahrenheit")
    assert window.search_bar.folder.findData(str(billing)) > 0
    assert load_settings().folders == [str(billing), str(weather)]

    # Remove one: gone from the panel, the filters, the settings and the index.
    window.folders_panel.select(str(weather))
    qtbot.mouseClick(window.folders_panel.remove_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: window.status is not None and str(weather) not in
                    [r.path for r in window.status.stats.roots], timeout=120_000)
    qtbot.waitUntil(lambda: not window.index_queue.is_busy())
    assert str(weather) not in dict(window.folders_panel.rows())
    assert window.search_bar.folder.findData(str(weather)) < 0
    assert load_settings().folders == [str(billing)]
    results = search(qtbot, window, "convert temperature units").results
    assert all(r.root != str(weather) for r in results)


def test_dropping_a_file_is_refused(qtbot: QtBot, make_window: MakeWindow, demo_db: Path,
                                    tmp_path: Path) -> None:
    window = make_window(demo_db)
    file = tmp_path / "notes.txt"
    file.write_text("not a folder")
    assert not _drop_folders(window, [file])
    assert not window.index_queue.is_busy()
