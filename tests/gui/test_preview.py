"""The preview: a window around the hit, file line numbers, colours, odd content."""

from __future__ import annotations

import time
from pathlib import Path

from pygments.token import Comment, Keyword, String
from pytestqt.qtbot import QtBot

from app.core.search.request import SearchResult
from app.gui.code_view import CodeView
from app.gui.preview import CONTEXT_LINES, lexer_for, load_preview, token_spans


def _result(path: Path, start: int, end: int, language: str = "python") -> SearchResult:
    lines = path.read_text().split("\n")
    return SearchResult(1, str(path), path.name, str(path.parent), start, end, None, "function",
                        language, 0.5, "\n".join(lines[start - 1:end]))


def test_a_big_file_shows_a_window_with_real_line_numbers(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "huge.py"
    path.write_text("".join(f"def f{i}():\n    return {i}\n\n" for i in range(20_000)))
    result = _result(path, 30_001, 30_002)
    started = time.perf_counter()
    preview = load_preview(result)
    assert time.perf_counter() - started < 1.0  # 60,000 lines; only ~200 are lexed
    assert preview.first_line == 30_001 - CONTEXT_LINES
    assert len(preview.lines) == 2 * CONTEXT_LINES + 2
    assert preview.total_lines == 60_001
    assert preview.note == "Showing lines 29901–30102 of 60001."

    view = CodeView()
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show()
    view.show_code(preview)
    assert view.blockCount() == len(preview.lines)
    block = view.block_of_file_line(30_001)
    assert view.document().findBlockByNumber(block).text() == "def f10000():"
    assert view.file_line_of_block(0) == 29_901
    assert view.hit == (30_001, 30_002)
    first_visible = view.file_line_of_block(view.firstVisibleBlock().blockNumber())
    assert 29_901 < first_visible <= 30_001  # scrolled to the hit, with a little lead
    assert view.gutter_width() > view.fontMetrics().horizontalAdvance("30102")


def test_multiline_tokens_are_coloured_on_every_line() -> None:
    text = 'def f():\n    """Line one\n    line two"""\n    # note\n    return 1'
    spans = token_spans(text, lexer_for("python", "x.py"))
    assert len(spans) == 5
    assert spans[0][0][:2] == (0, 3) and spans[0][0][2] in Keyword
    assert any(token in String for _c, _n, token in spans[1])
    assert any(token in String for _c, _n, token in spans[2])  # inside the docstring
    assert any(token in Comment for _c, _n, token in spans[3])
    assert lexer_for("no-such-language", "file.unknownext").name == "Text only"


def test_a_changed_or_missing_file_shows_the_indexed_snippet(tmp_path: Path) -> None:
    path = tmp_path / "mod.py"
    path.write_text("a = 1\ndef g():\n    return 2\n")
    result = _result(path, 2, 3)
    path.write_text("# a new first line\na = 1\ndef g():\n    return 2\n")
    changed = load_preview(result)
    assert "changed since it was indexed" in changed.note
    assert changed.lines == ["def g():", "    return 2"] and changed.first_line == 2
    path.unlink()
    missing = load_preview(result)
    assert "Cannot read the file" in missing.note and missing.lines == changed.lines


def test_line_breaking_characters_do_not_shift_line_numbers(qtbot: QtBot,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "odd.js"
    path.write_text("const a = 'x\u2029y';\r\nconst b = 'p\u2028q';\nconst c = 3;\n" + "x" * 5000)
    result = _result(path, 3, 3, "javascript")
    preview = load_preview(result)
    view = CodeView()
    qtbot.addWidget(view)
    view.show_code(preview)
    assert view.blockCount() == 4
    assert view.document().findBlockByNumber(0).text() == "const a = 'x\u2424y';"
    assert view.document().findBlockByNumber(2).text() == "const c = 3;"
    assert len(view.document().findBlockByNumber(3).text()) < 1100  # very long line cut
