"""Fixtures for the quick-search tests: a small real index, a real X server, real apps.

In-process tests (the popup, the settings page, the socket server) run on
Qt's offscreen platform like tests/gui. The X11 tests run the app as a
subprocess on Xvfb (QT_QPA_PLATFORM=xcb) and drive it with xdotool; each
gets its own HOME, settings folder, data folder, index copy and socket
folder, and every app it starts is stopped at teardown.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.engine import EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.paths import cache_dir
from app.core.settings import CONFIG_ENV, Settings, settings_path
from app.gui.application import application
from app.gui.main_window import MainWindow
from app.gui.quick_popup import QuickPopup
from app.gui.theme import ThemeManager
from app.gui.xvfb import SCREEN_HEIGHT, SCREEN_WIDTH, virtual_display
from tests.conftest import index_files, run_kenning
from tests.hotkey.helpers import Desktop, tools_missing
from tests.hotkey.monitors import split_screen

QUERY = "sha256 digest of a file read in blocks"
FILES = {
    "checksum.py": '''"""File helpers."""
import hashlib


def file_checksum(path):
    """Return the SHA-256 hex digest of the file at path, read in 64 KiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(65536), b""):
            digest.update(block)
    return digest.hexdigest()
''',
    "greeting.py": '''def greet(name):
    """Say hello to someone by name."""
    return f"Hello, {name}!"
''',
    "retry.js": '''// Call fn again after a growing pause until it succeeds or attempts run out.
async function retryWithBackoff(fn, attempts = 5) {
  for (let i = 0; i < attempts; i++) {
    try { return await fn(); } catch (err) { await new Promise(r => setTimeout(r, 2 ** i * 100)); }
  }
  throw new Error("gave up");
}
''',
}
EDITOR_SCRIPT = '''import pathlib, sys
with pathlib.Path(sys.argv[1]).open("a") as log:
    log.write("\\0".join(sys.argv[2:]) + "\\n")
'''


@dataclass(frozen=True)
class QuickIndex:
    folder: Path
    db: Path
    target: Path  # where QUERY's top hit is
    line: int     # and its first line


@pytest.fixture(scope="session")
def quick_index(tmp_path_factory: pytest.TempPathFactory) -> QuickIndex:
    """A three-file project (in a folder with a space) indexed once by `kenning index`."""
    base = tmp_path_factory.mktemp("quick-index")
    folder = base / "my project"
    db = index_files(folder, FILES, base / "index.db")
    top = run_kenning(["search", QUERY, "--json", "-k", "1", "--db", db]).json_lines()
    hit = top[0]["results"][0]
    assert hit["path"] == str(folder / "checksum.py"), hit
    return QuickIndex(folder, db, Path(hit["path"]), hit["start_line"])


@pytest.fixture
def index_copy(quick_index: QuickIndex, tmp_path: Path) -> Path:
    """This test's own copy of the index."""
    db = tmp_path / "index.db"
    shutil.copy(quick_index.db, db)
    return db


def editor_command(log: Path, folder: Path) -> str:
    """An "editor" that records the arguments it was run with, one line per run."""
    script = folder / "record-editor.py"
    script.write_text(EDITOR_SCRIPT)
    return " ".join(shlex.quote(str(part)) for part in (sys.executable, script, log)) + \
        " {path} {line}"


# -- in-process (offscreen) ----------------------------------------------------

@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(scope="session")
def theme(qapp: QApplication) -> ThemeManager:
    return ThemeManager(application())


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may read or write the user's own settings."""
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "config"))


@dataclass
class QuickSetup:
    window: MainWindow
    popup: QuickPopup
    editor_log: Path


@pytest.fixture
def quick(qtbot: QtBot, theme: ThemeManager, index_copy: Path, tmp_path: Path
          ) -> Iterator[QuickSetup]:
    """The main window (hidden) and its quick popup on the test index; shut down after."""
    log = tmp_path / "editor.log"
    settings = Settings(editor_command=editor_command(log, tmp_path), tray_icon=False)
    window = MainWindow(EngineConfig(db_path=index_copy), settings, theme, settings_path())
    popup = QuickPopup(window)
    qtbot.addWidget(window)
    qtbot.addWidget(popup)
    yield QuickSetup(window, popup, log)
    popup.shutdown()
    window.shutdown()


# -- a real X server -----------------------------------------------------------

def _need_x_tools() -> None:
    missing = tools_missing()
    if missing:
        pytest.skip(f"{' and '.join(missing)} not installed (.ci/run installs them)")


@pytest.fixture(scope="session")
def xserver() -> Iterator[str]:
    """A virtual X server for the session (":N")."""
    _need_x_tools()
    with virtual_display() as display:
        yield display


@contextmanager
def user_session(display: str, db: Path, tmp_path: Path) -> Iterator[Desktop]:
    """A user session on `display`; every app started in it is stopped at the end."""
    runtime = Path(tempfile.mkdtemp(prefix="kq-"))  # short: a socket path has ~100 bytes
    home, config = tmp_path / "home", tmp_path / "config"
    home.mkdir()
    config.mkdir()
    log = tmp_path / "editor.log"
    (config / "settings.json").write_text(json.dumps(
        {"editor_command": editor_command(log, tmp_path), "tray_icon": False}))
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY", "DESKTOP_SESSION")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", HOME=str(home),
               XDG_RUNTIME_DIR=str(runtime), KENNING_CONFIG_DIR=str(config),
               KENNING_DB=str(db), KENNING_DATA_DIR=str(tmp_path / "data"),
               KENNING_MODEL=str(ensure_default_model()),
               # This machine's choice of llama.cpp CPU kernels, like the model, is shared.
               KENNING_CACHE_DIR=str(cache_dir()))
    session = Desktop(env, log)
    try:
        yield session
    finally:
        session.stop_all()
        shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture
def desktop(xserver: str, index_copy: Path, tmp_path: Path) -> Iterator[Desktop]:
    """A user session on the session's X server."""
    with user_session(xserver, index_copy, tmp_path) as session:
        yield session


@pytest.fixture
def two_monitor_desktop(index_copy: Path, tmp_path: Path
                        ) -> Iterator[tuple[Desktop, list[tuple[int, int, int, int]]]]:
    """A user session on an X server of its own with two monitors side by side;
    the session and the monitors' (x, y, width, height)."""
    _need_x_tools()
    with virtual_display(f"{2 * SCREEN_WIDTH}x{SCREEN_HEIGHT}") as display:
        monitors = split_screen(display, 2)
        with user_session(display, index_copy, tmp_path) as session:
            yield session, monitors
