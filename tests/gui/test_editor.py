"""app.core.editor: templates from $VISUAL/$EDITOR, safe argv, a real detached launch."""

from __future__ import annotations

import shlex
import sys
import time
from pathlib import Path

import pytest

from app.core.editor import build_command, default_command, open_in_editor, system_opener
from app.core.errors import KenningError

NASTY = Path("/tmp/my project/it's $(rm -rf ~) {line}.py")


@pytest.mark.parametrize(("editor", "template"), [
    ("code", "code -g {path}:{line}"),
    ("/usr/bin/codium --wait", "/usr/bin/codium --wait -g {path}:{line}"),
    ("subl", "subl {path}:{line}"),
    ("pycharm", "pycharm --line {line} {path}"),
    ("gedit", "gedit +{line} {path}"),
    ("emacsclient -n", "emacsclient -n +{line} {path}"),
    ("some-unknown-editor", "some-unknown-editor {path}"),
])
def test_gui_editors_get_their_line_syntax(editor: str, template: str) -> None:
    assert default_command({"EDITOR": editor}, "linux") == template
    assert default_command({"VISUAL": editor, "EDITOR": "nano"}, "linux") == template


def test_terminal_editors_run_in_a_terminal() -> None:
    terminal = sys.executable  # any program found on disk stands in for a terminal here
    env = {"EDITOR": "vim", "TERMINAL": terminal}
    assert default_command(env, "linux") == f"{shlex.quote(terminal)} -e vim +{{line}} {{path}}"
    assert default_command({"EDITOR": "emacs -nw", "TERMINAL": terminal}, "linux").endswith(
        "emacs -nw +{line} {path}")
    # No terminal to put it in: the system opener.
    assert default_command({"EDITOR": "nvim"}, "darwin") == "open {path}"


def test_without_an_editor_the_system_opener() -> None:
    assert default_command({}, "linux") == "xdg-open {path}" == system_opener("linux")
    assert default_command({}, "darwin") == "open {path}"
    assert default_command({}, "win32") == ""


def test_the_path_is_one_argument_whatever_it_contains() -> None:
    argv = build_command("code -g {path}:{line}", NASTY, 12)
    assert argv == ["code", "-g", f"{NASTY}:12"]
    # A {line} inside the file name is not a placeholder.
    assert build_command("vim +{line} {path}", NASTY, 3) == ["vim", "+3", str(NASTY)]
    assert build_command("'my editor' --flag", NASTY, 3) == ["my editor", "--flag", str(NASTY)]


@pytest.mark.parametrize("template", ["", "   ", "code 'unclosed"])
def test_bad_templates_are_explained(template: str) -> None:
    with pytest.raises(KenningError):
        build_command(template, NASTY, 1)


def test_opens_detached_with_path_and_line(tmp_path: Path) -> None:
    record = tmp_path / "args.txt"
    script = tmp_path / "fake-editor.py"
    script.write_text("import sys, pathlib\n"
                      f"pathlib.Path({str(record)!r}).write_text(repr(sys.argv[1:]))\n")
    target = tmp_path / "a file (1).py"
    target.write_text("x = 1\n")
    argv = open_in_editor(target, 7, f"{shlex.quote(sys.executable)} {script} {{path}}:{{line}}")
    assert argv[-1] == f"{target}:7"
    deadline = time.monotonic() + 20
    while not record.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert record.read_text() == repr([f"{target}:7"])


def test_a_missing_editor_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KenningError, match="not found: no-such-editor-xyz"):
        open_in_editor(tmp_path / "a.py", 1, "no-such-editor-xyz {path}")
