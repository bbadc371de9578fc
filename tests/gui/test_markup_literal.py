"""File names and contents full of HTML are shown literally, never as rich text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.gui.results_model import ResultRole, result_lines
from app.gui.widgets import short_path
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import (
    rich_text_labels,
    screenshot,
    search,
    wait_for_preview,
    wait_until_indexed,
)

PY_NAME = "<b>bold & <i>co.py"
JS_NAME = "<img src=x onerror=alert(1)>.js"
SECRET_NAME = "<u>key.pem"
PY_BODY = '''def render_title(name):
    """Wrap the <b>name</b> in a <h1> heading &amp; add a <script> tag."""
    return "<h1>" + name + "</h1><script>alert('x')</script>"
'''
JS_BODY = '''// <a href="https://example.com">a link</a> in a comment
export function tagLink(url) {
  return `<a href="${url}">&lt;link&gt;</a>`;
}
'''


def test_markup_in_names_and_code_is_shown_as_written(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    folder = tmp_path / "<h2>markup &amp; more"
    folder.mkdir()
    (folder / PY_NAME).write_text(PY_BODY)
    (folder / JS_NAME).write_text(JS_BODY)
    (folder / SECRET_NAME).write_text("-----BEGIN PRIVATE KEY-----\n")
    window = make_window(tmp_path / "index.db")
    window.index_folders([folder])
    wait_until_indexed(qtbot, window, folder)

    # Folder list and folder filter: the folder's name as written.
    rows = dict(window.folders_panel.rows())
    assert rows[str(folder)].splitlines()[0] == short_path(folder)
    assert short_path(folder).endswith("/<h2>markup &amp; more")
    assert window.search_bar.folder.itemText(1).endswith("<h2>markup &amp; more")
    # Skipped files with their reasons, names literal.
    problems = dict(window.index_panel.problem_rows())
    skipped = next(name for name in problems if name.endswith(SECRET_NAME))
    assert "secret" in problems[skipped]

    response = search(qtbot, window, "wrap a name in a heading")
    result = response.results[0]
    assert result.rel_path == PY_NAME
    index = window.results_model.index(0, 0)
    assert index.data(ResultRole) == result
    where, _what, root = result_lines(result)
    assert where.startswith(PY_NAME + ":") and root == "<h2>markup &amp; more"
    assert PY_NAME in index.data(Qt.DisplayRole)

    # Preview: the path label and the code, character for character.
    assert window.preview.title.text() == str(folder / PY_NAME)
    assert window.preview.title.textFormat() == Qt.PlainText
    assert window.preview.code.toPlainText() == PY_BODY
    assert "<script>alert('x')</script>" in window.preview.code.toPlainText()

    response = search(qtbot, window, "build an anchor tag for a url")
    js = next(r for r in response.results if r.rel_path == JS_NAME)
    window.results.setCurrentIndex(window.results_model.index(response.results.index(js), 0))
    wait_for_preview(qtbot, window, js)
    assert window.preview.title.text().endswith(JS_NAME)
    assert "&lt;link&gt;" in window.preview.code.toPlainText()
    assert rich_text_labels(window) == []
    screenshot(window, "markup-literal")
