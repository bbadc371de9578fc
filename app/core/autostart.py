"""Start Kenning on login: the XDG autostart entry (Linux and other freedesktop desktops).

The entry file is the setting: the settings dialog shows whether it is there and
writes or removes it, so removing it with the desktop's own "startup
applications" tool is seen too. It starts `kenning gui --minimized`: the app
comes up in the tray (minimised where there is none) and keeps the folders up to
date. Qt-free.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from app.core.atomic_write import write_atomically
from app.core.errors import KenningError

ENTRY_NAME = "kenning.desktop"
MINIMIZED_FLAG = "--minimized"
# Characters that make an Exec argument need quotes (Desktop Entry spec, "Exec key").
_NEEDS_QUOTES = re.compile(r"""[\s"'\\><~|&;$*?#()`]""")


def supported() -> bool:
    """Whether this system starts programs from XDG autostart entries."""
    return sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def autostart_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart"


def entry_path() -> Path:
    return autostart_dir() / ENTRY_NAME


def is_enabled() -> bool:
    return entry_path().is_file()


def launch_command() -> list[str]:
    """How to start this Kenning: the bundled executable, `kenning` on the PATH, or
    this interpreter running the package."""
    if getattr(sys, "frozen", False):
        return [sys.executable]
    found = shutil.which("kenning")
    if found:
        return [str(Path(found).absolute())]
    return [sys.executable, "-m", "app"]


def entry_text(command: list[str]) -> str:
    exec_line = " ".join(_quote(arg) for arg in [*command, "gui", MINIMIZED_FLAG])
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Name=Kenning",
        "Comment=Keep your code index up to date, quick search ready in the tray",
        f"Exec={exec_line}",
        "Icon=kenning",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
        "",
    ])


def set_enabled(enabled: bool) -> None:
    """Write the entry (replacing an older one atomically) or remove it."""
    path = entry_path()
    try:
        if not enabled:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, entry_text(launch_command()), mode=0o644)
    except OSError as exc:
        what = "write" if enabled else "remove"
        raise KenningError(f"cannot {what} the autostart entry {path}: "
                           f"{exc.strerror or exc}") from exc


def _quote(arg: str) -> str:
    if not _NEEDS_QUOTES.search(arg):
        return arg
    escaped = re.sub(r'(["`$\\])', r"\\\1", arg)
    return f'"{escaped}"'
