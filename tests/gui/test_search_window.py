"""Searching in the real window over a real index: results, preview, filters, keys."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.core.engine import Engine, EngineConfig
from app.core.search import lexical_index, vector_index
from app.core.settings import Settings
from app.core.store.store import Store
from app.gui.main_window import MainWindow
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import (
    SEARCH_TIMEOUT_MS,
    rich_text_labels,
    screenshot,
    search,
    wait_for_preview,
    wait_until_indexed,
)


def test_title_and_first_result_with_highlighted_preview(
        qtbot: QtBot, make_window: MakeWindow, demo_db: Path,
        demo_index: tuple[Path, Path]) -> None:
    window = make_window(demo_db)
    assert window.windowTitle() == "Kenning"
    assert window.pages.currentWidget() is not window.empty_state

    response = search(qtbot, window, "retry failed uploads")
    first = response.results[0]
    assert (first.rel_path, first.symbol) == ("backend/uploads.py", "upload_with_retry")
    assert window.results_model.rowCount() == len(response.results)
    summary = window.search_bar.summary.text()
    assert summary.startswith(f"{len(response.results)} results · ") and summary.endswith(" ms")

    # The top hit is selected and previewed: its lines marked and in view.
    assert window.current_result() == first
    code = window.preview.code
    assert code.hit == (first.start_line, first.end_line) == (18, 27)
    assert window.preview.title.text() == str(demo_index[0] / "backend" / "uploads.py")
    marked = [code.file_line_of_block(s.cursor.blockNumber()) for s in code.extraSelections()]
    assert marked == list(range(18, 28))
    top = code.file_line_of_block(code.firstVisibleBlock().blockNumber())
    assert top <= 18
    block = code.document().findBlockByNumber(code.block_of_file_line(18))
    assert block.text().startswith("def upload_with_retry(")
    assert block.isVisible()
    # Pygments colours: the `def` keyword has a format of its own.
    assert any(r.start == 0 and r.length == 3 for r in block.layout().formats())
    assert rich_text_labels(window) == []
    screenshot(window, "results")


def test_clicking_another_result_previews_it(qtbot: QtBot, make_window: MakeWindow,
                                            demo_db: Path) -> None:
    window = make_window(demo_db)
    response = search(qtbot, window, "least recently used cache")
    row = next(i for i, r in enumerate(response.results) if r.language == "go")
    rect = window.results.visualRect(window.results_model.index(row, 0))
    qtbot.mouseClick(window.results.viewport(), Qt.LeftButton, pos=rect.center())
    result = response.results[row]
    wait_for_preview(qtbot, window, result)
    assert window.preview.result == result
    assert window.preview.code.hit == (result.start_line, result.end_line)
    assert result.language in window.preview.details.text()


def test_filters_mode_and_bias(qtbot: QtBot, make_window: MakeWindow, demo_db: Path,
                               demo_index: tuple[Path, Path]) -> None:
    window = make_window(demo_db)
    bar = window.search_bar
    search(qtbot, window, "cache")
    assert bar.language.findData("go") > 0 and bar.folder.findData(str(demo_index[0])) > 0

    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS) as got:
        bar.select_language("go")
    assert got.args[0].request.languages == ("go",)
    assert got.args[0].results and {r.language for r in got.args[0].results} == {"go"}

    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS) as got:
        bar.select_language("")
    assert len({r.language for r in got.args[0].results}) > 1

    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS) as got:
        bar.select_folder(str(demo_index[0]))
    assert got.args[0].request.paths == (str(demo_index[0]),)
    assert all(r.root == str(demo_index[0]) for r in got.args[0].results)

    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS) as got:
        bar.set_mode("lexical")
    assert got.args[0].request.mode == "lexical"
    assert window.settings.search_mode == "lexical"  # remembered for the next start

    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS) as got:
        bar.bias.setChecked(False)
    assert got.args[0].request.use_bias is False
    assert window.settings.use_bias is False


def test_typing_fast_runs_only_the_last_query(qtbot: QtBot, make_window: MakeWindow,
                                              demo_db: Path) -> None:
    window = make_window(demo_db)
    answered: list[str] = []
    window.searches.results.connect(lambda r: answered.append(r.request.query))
    search(qtbot, window, "hash a password")
    qtbot.wait(400)
    # Each keystroke superseded the one before: only the full query was answered.
    assert [q for q in answered if q] == ["hash a password"]


def test_keyboard_moves_copies_opens_and_clears(
        qtbot: QtBot, make_window: MakeWindow, demo_db: Path, tmp_path: Path) -> None:
    record = tmp_path / "opened.txt"
    script = tmp_path / "editor.py"
    script.write_text("import sys, pathlib\n"
                      f"pathlib.Path({str(record)!r}).write_text('\\n'.join(sys.argv[1:]))\n")
    settings = Settings(editor_command=f"{sys.executable} {script} --line {{line}} {{path}}")
    window = make_window(demo_db, settings)
    response = search(qtbot, window, "compare two version strings")
    query = window.search_bar.query
    assert query.hasFocus()

    qtbot.keyClick(query, Qt.Key_Down)
    second = response.results[1]
    assert window.current_result() == second and query.hasFocus()
    qtbot.keyClick(query, Qt.Key_Up)
    first = response.results[0]
    assert window.current_result() == first

    qtbot.keyClick(query, Qt.Key_C, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == f"{first.path}:{first.start_line}"
    qtbot.keyClick(query, Qt.Key_C, Qt.ControlModifier | Qt.ShiftModifier)
    assert QGuiApplication.clipboard().text() == first.text
    # With text selected in the box, Ctrl+C copies that text, as everywhere.
    query.selectAll()
    qtbot.keyClick(query, Qt.Key_C, Qt.ControlModifier)
    assert QGuiApplication.clipboard().text() == "compare two version strings"

    qtbot.keyClick(query, Qt.Key_Return)
    qtbot.waitUntil(record.exists, timeout=10_000)
    assert record.read_text().splitlines() == ["--line", str(first.start_line), first.path]

    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS) as got:
        qtbot.keyClick(query, Qt.Key_Escape)
    assert query.text() == "" and got.args[0].results == []
    assert window.results_model.rowCount() == 0
    assert window.preview.result is None


def test_an_editor_that_cannot_run_is_a_message_not_a_crash(
        qtbot: QtBot, make_window: MakeWindow, demo_db: Path) -> None:
    window = make_window(demo_db, Settings(editor_command="no-such-editor-xyz {path}"))
    search(qtbot, window, "slugify a title")
    qtbot.keyClick(window.search_bar.query, Qt.Key_Return)
    assert window.banner.isVisible()
    assert "no-such-editor-xyz" in window.banner.text()


def test_a_damaged_index_is_explained_in_the_window(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    db = tmp_path / "broken.db"
    db.write_bytes(b"this is not a database" * 200)
    window = make_window(db)
    assert window.pages.currentWidget() is not window.empty_state
    assert window.banner.isVisible()
    assert str(db) in window.banner.text() and "rebuild" in window.banner.text()
    with qtbot.waitSignal(window.searches.failed, timeout=SEARCH_TIMEOUT_MS) as got:
        qtbot.keyClicks(window.search_bar.query, "anything")
    assert "rebuild" in got.args[0] and "Traceback" not in got.args[0]
    assert window.banner.text() == got.args[0]
    assert window.rebuild_button.isVisible()


def _code_folder(tmp_path: Path, name: str, code: str) -> Path:
    folder = tmp_path / "code"
    folder.mkdir()
    (folder / name).write_text(code, "utf-8")
    return folder


def _rebuild(qtbot: QtBot, window: MainWindow, folder: Path) -> None:
    """Press "Rebuild index" once the window offers it; wait until `folder` is indexed."""
    qtbot.waitUntil(window.rebuild_button.isVisible, timeout=SEARCH_TIMEOUT_MS)
    qtbot.mouseClick(window.rebuild_button, Qt.LeftButton)
    wait_until_indexed(qtbot, window, folder)


def test_rebuild_index_in_the_window_keeps_the_damaged_file_and_indexes_again(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    folder = _code_folder(tmp_path, "titles.py",
                          "def slugify(title):\n    return '-'.join(title.lower().split())\n")
    db = tmp_path / "broken.db"
    damaged = b"this is not a database" * 200
    db.write_bytes(damaged)
    window = make_window(db, Settings(folders=[str(folder)]))
    _rebuild(qtbot, window, folder)
    assert (tmp_path / "broken.db.not-an-index").read_bytes() == damaged  # nothing lost
    response = search(qtbot, window, "turn a title into a url slug")
    assert [r.symbol for r in response.results] == ["slugify"]
    assert not window.rebuild_button.isVisible() and not window.banner.isVisible()


def test_an_index_of_another_model_is_rebuilt_with_its_folders(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    """The folders come from the index itself: the settings here remember none."""
    folder = _code_folder(tmp_path, "sizes.py",
                          "def human_size(n):\n    return f'{n / 1024:.1f} KiB'\n")
    db = tmp_path / "other-model.db"
    Engine(EngineConfig(db_path=db)).index([folder])
    with Store(db) as store:
        store.set_meta("model_fingerprint", "f" * 64)  # as if another model had built it
    window = make_window(db)
    qtbot.waitUntil(lambda: "model" in window.banner.text(), timeout=SEARCH_TIMEOUT_MS)
    _rebuild(qtbot, window, folder)
    assert window.settings.folders == [str(folder)]
    response = search(qtbot, window, "format a byte count")
    assert [r.symbol for r in response.results] == ["human_size"]
    assert not window.rebuild_button.isVisible()


def test_the_window_warms_the_search_before_the_first_keystroke(
        qtbot: QtBot, make_window: MakeWindow, demo_db: Path) -> None:
    """The model, the vector index and the keyword postings are in memory before anyone
    types: the first search is as fast as the next ones."""
    window = make_window(demo_db)
    path = os.path.realpath(demo_db)
    qtbot.waitUntil(lambda: path in vector_index._SHARED and len(vector_index._SHARED[path]) > 0,
                    timeout=SEARCH_TIMEOUT_MS)
    qtbot.waitUntil(lambda: path in lexical_index._SHARED
                    and lexical_index._SHARED[path].index is not None, timeout=SEARCH_TIMEOUT_MS)
    assert window.results_model.rowCount() == 0  # warming showed nothing
    response = search(qtbot, window, "retry failed uploads")
    assert response.results[0].symbol == "upload_with_retry"
