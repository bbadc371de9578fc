"""`kenning gui`: the QApplication, the window, and a clean exit."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.core.engine import EngineConfig
from app.core.errors import KenningError
from app.core.settings import load_settings, settings_path
from app.gui.icons import app_icon
from app.gui.main_window import TITLE, MainWindow, normalize_folder
from app.gui.theme import ThemeManager
from app.gui.unix_signals import SignalWatcher

log = logging.getLogger(__name__)


def check_display() -> None:
    """Fail with one clear line instead of Qt aborting the process without a display."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise KenningError("no graphical display (DISPLAY and WAYLAND_DISPLAY are unset); "
                           "the command line works without one: kenning search QUERY")


def application() -> QApplication:
    """The process's QApplication (created once), named and with its icon."""
    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName(TITLE)
    app.setApplicationDisplayName(TITLE)
    app.setDesktopFileName("kenning")
    app.setWindowIcon(app_icon())
    return app


def run_gui(paths: Sequence[Path], config: EngineConfig) -> int:
    """Open the window, index `paths` in the background, run until quit."""
    folders = [normalize_folder(path) for path in paths]
    for folder in folders:
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise KenningError(f"{folder} {what}")
    check_display()
    settings = load_settings()
    if config.model_path is None and settings.model_path:
        config = replace(config, model_path=Path(settings.model_path).expanduser())
    app = application()
    theme = ThemeManager(app)
    theme.apply(settings.theme)
    window = MainWindow(config, settings, theme, settings_path())
    watcher = SignalWatcher(window.quit)
    window.show()
    log.info("window shown (index %s)", config.db_path)
    window.index_folders(folders)
    try:
        return app.exec()
    finally:
        window.shutdown()
        watcher.restore()
