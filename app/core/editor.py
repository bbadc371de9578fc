"""Open a file at a line in the user's editor.

A command is a template such as ``code -g {path}:{line}`` or ``vim +{line}
{path}``. It is split like a shell would (``shlex``) *before* the path is put
in, and run without a shell, so a file name with spaces, quotes or ``$(...)``
is one argument and never code. Without a template the editor comes from
``$VISUAL``/``$EDITOR`` (a terminal editor is started inside a terminal
emulator, since the window has no terminal), else the system opener
(``xdg-open``, ``open``, ``os.startfile``), which cannot jump to a line.

Qt-free so the CLI can use it too.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

from app.core.errors import KenningError

PLACEHOLDER = re.compile(r"\{(path|line)\}")

# Editor (basename of its executable) → the arguments that open {path} at {line}.
LINE_ARGUMENTS: dict[str, str] = {
    **dict.fromkeys(("code", "code-insiders", "codium", "vscodium", "cursor", "windsurf"),
                    "-g {path}:{line}"),
    **dict.fromkeys(("subl", "sublime_text", "zed", "zeditor", "hx", "helix"),
                    "{path}:{line}"),
    **dict.fromkeys(("idea", "pycharm", "charm", "goland", "webstorm", "clion", "rider",
                     "phpstorm", "rubymine", "studio"), "--line {line} {path}"),
    **dict.fromkeys(("kate", "mate"), "-l {line} {path}"),
    **dict.fromkeys(("vim", "nvim", "vi", "gvim", "mvim", "nano", "emacs", "emacsclient",
                     "micro", "kak", "joe", "ne", "jed", "mg", "gedit", "mousepad",
                     "pluma", "xed"), "+{line} {path}"),
}
# Editors that need a terminal; emacs/emacsclient only with -nw/-t.
TERMINAL_EDITORS = frozenset(
    ("vim", "nvim", "vi", "nano", "micro", "kak", "joe", "ne", "jed", "mg", "hx", "helix"))
TERMINAL_FLAGS = frozenset(("-nw", "-t", "--tty"))
# Terminal emulators → the arguments before the command they should run.
TERMINALS: tuple[tuple[str, str], ...] = (
    ("x-terminal-emulator", "-e"), ("gnome-terminal", "--"), ("konsole", "-e"),
    ("xfce4-terminal", "-x"), ("kitty", ""), ("alacritty", "-e"), ("wezterm", "start --"),
    ("foot", ""), ("xterm", "-e"),
)


def system_opener(platform: str = sys.platform) -> str:
    """The desktop's "open this file" command; "" on Windows (os.startfile is used)."""
    if platform == "win32":
        return ""
    return "open {path}" if platform == "darwin" else "xdg-open {path}"


def default_command(env: Mapping[str, str] | None = None,
                    platform: str = sys.platform) -> str:
    """The template used when none is set: from $VISUAL/$EDITOR, else the system opener."""
    env = os.environ if env is None else env
    editor = (env.get("VISUAL") or env.get("EDITOR") or "").strip()
    try:
        words = shlex.split(editor)
    except ValueError:
        words = []
    if not words:
        return system_opener(platform)
    name = Path(words[0]).name.removesuffix(".exe")
    template = f"{shlex.join(words)} {LINE_ARGUMENTS.get(name, '{path}')}"
    if name in TERMINAL_EDITORS or (TERMINAL_FLAGS & set(words[1:])):
        terminal = _terminal_prefix(env, platform)
        return f"{terminal} {template}" if terminal else system_opener(platform)
    return template


def _terminal_prefix(env: Mapping[str, str], platform: str) -> str | None:
    if platform in ("win32", "darwin"):
        return None  # no terminal that takes a command line the same way
    if env.get("TERMINAL") and shutil.which(env["TERMINAL"]):
        return f"{shlex.quote(env['TERMINAL'])} -e"
    for program, args in TERMINALS:
        if shutil.which(program):
            return f"{program} {args}".strip()
    return None


def build_command(template: str, path: Path, line: int) -> list[str]:
    """argv for `template` with {path} and {line} put in; the path is appended if absent."""
    try:
        words = shlex.split(template)
    except ValueError as exc:
        raise KenningError(f"editor command {template!r} is not valid: {exc}") from exc
    if not words:
        raise KenningError("the editor command is empty: set one in Settings")
    values = {"path": str(path), "line": str(max(1, line))}
    argv = [PLACEHOLDER.sub(lambda m: values[m.group(1)], word) for word in words]
    if not any("{path}" in word for word in words):
        argv.append(str(path))
    return argv


def open_in_editor(path: Path, line: int, template: str = "") -> list[str]:
    """Start the editor on `path` at `line`, detached; return the argv that was run.

    Raises KenningError (one line, for the user) when the command cannot start.
    """
    template = template.strip() or default_command()
    if not template:  # Windows without an editor set: the file's associated program
        try:
            os.startfile(path)  # type: ignore[attr-defined]
        except OSError as exc:
            raise KenningError(f"cannot open {path}: {exc.strerror or exc}") from exc
        return [str(path)]
    argv = build_command(template, path, line)
    if shutil.which(argv[0]) is None:
        raise KenningError(f"editor command not found: {argv[0]} (change it in Settings)")
    try:
        process = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, close_fds=True, start_new_session=True)
    except OSError as exc:
        raise KenningError(f"cannot run {argv[0]}: {exc.strerror or exc}") from exc
    # Reap it when it ends so no zombie is left behind while the window stays open.
    threading.Thread(target=process.wait, name="editor-reaper", daemon=True).start()
    return argv
