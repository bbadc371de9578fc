"""The index panel: re-index, pause while idle, errors listed with their reasons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.engine import EngineConfig
from app.core.settings import Settings, settings_path
from app.gui.main_window import MainWindow
from app.gui.theme import ThemeManager
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import INDEX_TIMEOUT_MS, search, wait_until_indexed


def test_reindex_picks_up_changes(qtbot: QtBot, make_window: MakeWindow, demo_db: Path,
                                  tmp_path: Path) -> None:
    project = tmp_path / "shop"
    project.mkdir()
    (project / "cart.py").write_text("def add_item(cart, item):\n    cart.append(item)\n")
    (project / "generated").mkdir()
    (project / "generated" / "client.py").write_text("def generated_call():\n    pass\n")
    window = make_window(demo_db, Settings(folders=[str(project)],
                                           ignore_patterns=["generated/"]))
    # A remembered folder the index does not have yet is indexed at start,
    # without what the user's ignore patterns leave out.
    wait_until_indexed(qtbot, window, project)
    files_before = window.status.stats.files
    assert files_before == 10 + 1  # the demo's files and cart.py
    (project / "tax.py").write_text(
        "def vat_amount(net_price, rate=0.2):\n"
        "    \"\"\"The value added tax owed on a net price.\"\"\"\n"
        "    return round(net_price * rate, 2)\n")
    with qtbot.waitSignal(window.index_queue.idle, timeout=INDEX_TIMEOUT_MS):
        qtbot.mouseClick(window.index_panel.reindex_button, Qt.LeftButton)
    assert "up to date" in window.index_panel.activity.text()
    assert search(qtbot, window, "sales tax on a price").results[0].symbol == "vat_amount"
    assert window.status.stats.files == files_before + 1


def test_pausing_while_idle_holds_the_next_job(qtbot: QtBot, make_window: MakeWindow,
                                               demo_db: Path, tmp_path: Path) -> None:
    window = make_window(demo_db)
    window.pause_action.trigger()  # the same action as the tray menu's
    assert window.index_panel.pause_button.isChecked()
    project = tmp_path / "later"
    project.mkdir()
    (project / "a.py").write_text("def later():\n    pass\n")
    reports = []
    window.index_queue.progress.connect(reports.append)
    window.index_folders([project])
    assert "Paused" in dict(window.folders_panel.rows())[str(project)]
    qtbot.wait(3000)
    assert reports == [] and window.index_queue.is_busy()
    window.index_panel.pause_button.click()
    assert not window.pause_action.isChecked()
    wait_until_indexed(qtbot, window, project)


def test_indexing_errors_are_listed_with_their_reason(
        qtbot: QtBot, theme: ThemeManager, demo_db: Path, tmp_path: Path) -> None:
    project = tmp_path / "proj"
    project.mkdir()
    (project / "a.py").write_text("def a():\n    return 1\n")
    (project / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    missing_model = tmp_path / "missing.gguf"
    window = MainWindow(EngineConfig(db_path=demo_db, model_path=missing_model),
                        Settings(), theme, settings_path())
    qtbot.addWidget(window)
    window.show()
    try:
        with qtbot.waitSignal(window.index_queue.job_failed, timeout=INDEX_TIMEOUT_MS) as got:
            window.index_folders([project])
        message = got.args[1]
        assert "missing.gguf" in message and "Traceback" not in message
        assert window.errors == {str(project): message}
        assert dict(window.folders_panel.rows())[str(project)].endswith(f"Error: {message}")
        assert window.index_panel.problem_rows()[0] == (str(project), f"error: {message}")
        row = window.index_panel.problems.topLevelItem(0)  # elided in the narrow panel
        assert (row.toolTip(0), row.toolTip(1)) == (str(project), f"error: {message}")
        assert message in window.banner.text()
    finally:
        window.shutdown()


def test_a_folder_left_empty_keeps_its_index_and_says_so(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    """An unmounted drive leaves an empty mount point: re-indexing keeps what it had."""
    project = tmp_path / "drive"
    project.mkdir()
    (project / "cart.py").write_text("def add_item(cart, item):\n    cart.append(item)\n")
    window = make_window(tmp_path / "index.db", Settings(folders=[str(project)]))
    wait_until_indexed(qtbot, window, project)
    files_before = window.status.stats.files
    project.rename(tmp_path / "unmounted")
    project.mkdir()
    with qtbot.waitSignal(window.index_queue.idle, timeout=INDEX_TIMEOUT_MS):
        qtbot.mouseClick(window.index_panel.reindex_button, Qt.LeftButton)
    assert "is empty (an unmounted drive?)" in window.statusBar().currentMessage()
    assert "Folder empty" in dict(window.folders_panel.rows())[str(project)]
    assert window.status.stats.files == files_before == 1
    assert search(qtbot, window, "add an item to the cart").results[0].symbol == "add_item"
