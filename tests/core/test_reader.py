"""Reading files as text: encodings, binaries, minified code, vanished files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.files.reader import SkipFile, read_text


def test_utf8_with_bom_and_utf16(tmp_path: Path) -> None:
    a = tmp_path / "a.py"
    a.write_bytes("\ufeffdef café(): pass\n".encode())
    assert read_text(a, 10_000).text == "def café(): pass\n"
    b = tmp_path / "b.py"
    b.write_bytes("x = 'ü'\n".encode("utf-16"))
    assert read_text(b, 10_000).text == "x = 'ü'\n"


def test_latin1_source_is_read(tmp_path: Path) -> None:
    path = tmp_path / "old.c"
    path.write_bytes("/* Auteur: Fran\xe7ois */\nint main(void) { return 0; }\n".encode("latin-1"))
    assert "François" in read_text(path, 10_000).text


@pytest.mark.parametrize("content", [
    b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4,
    bytes(range(128, 256)) * 40,
])
def test_binary_content_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "fake.py"
    path.write_bytes(content)
    with pytest.raises(SkipFile, match="binary"):
        read_text(path, 100_000)


def test_minified_code_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bundle.js"
    path.write_text("var a=1;" * 10_000)
    with pytest.raises(SkipFile, match="minified"):
        read_text(path, 1_000_000)


def test_a_compiled_file_with_an_inline_source_map_is_read_without_it(tmp_path: Path) -> None:
    code = "function send(data) {\n  return post(data);\n}\n"
    source_map = ("//# sourceMappingURL=data:application/json;charset=utf-8;base64,"
                  + "QUFB" * 20_000)
    path = tmp_path / "request-base.js"
    path.write_text(code + source_map + "\n")
    text = read_text(path, 1_000_000).text
    assert text == code + "\n"  # the line emptied, not removed: line numbers stay the file's
    css = tmp_path / "style.css"
    css.write_text("a { color: red; }\n/*# sourceMappingURL=data:application/json;base64,"
                   + "QUFB" * 20_000 + " */\n")
    assert read_text(css, 1_000_000).text == "a { color: red; }\n\n"
    linked = tmp_path / "linked.js"
    linked.write_text(code + "//# sourceMappingURL=request-base.js.map\n")
    assert read_text(linked, 1_000_000).text.endswith(".js.map\n")  # a short link stays
    bundle = tmp_path / "bundle.js"
    bundle.write_text("var a=1;" * 10_000 + "\n" + source_map + "\n")
    with pytest.raises(SkipFile, match="minified"):
        read_text(bundle, 1_000_000)


def test_vanished_and_growing_files(tmp_path: Path) -> None:
    with pytest.raises(SkipFile, match="vanished"):
        read_text(tmp_path / "gone.py", 1000)
    path = tmp_path / "grew.py"
    path.write_text("x = 1\n" * 100)
    with pytest.raises(SkipFile, match="too large"):
        read_text(path, 50)


def test_digest_changes_with_content(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("x = 1\n")
    first = read_text(path, 1000).digest
    path.write_text("x = 2\n")
    assert read_text(path, 1000).digest != first
