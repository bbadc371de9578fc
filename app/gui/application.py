"""The app (`kenning gui`, `kenning quick`): one per user and index, and a clean exit."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.core.engine import EngineConfig
from app.core.errors import KenningError
from app.core.instance import ACTIVATION_ENV, Command, Message, send, server_address
from app.core.settings import config_dir, load_settings, settings_path
from app.gui import error_hook
from app.gui.hotkeys import GlobalHotkey
from app.gui.hotkeys.base import HotkeyStatus
from app.gui.icons import app_icon
from app.gui.main_window import TITLE, MainWindow
from app.gui.quick_popup import QuickPopup
from app.gui.remote_search import RemoteSearches
from app.gui.single_instance import InstanceServer
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
    # No display name: Qt would append it to every window title, and the popup's
    # title must be exactly "Kenning Quick Search" (launchers and tests look it up).
    app.setApplicationName(TITLE)
    app.setDesktopFileName("kenning")
    app.setWindowIcon(app_icon())
    return app


class App:
    """The running app: the window, the quick popup, the hotkey, the instance socket.

    Commands from other launches (`kenning quick`, `kenning gui`, `kenning
    --quit`) and the one this process was started with all go through `run`;
    searches asked by `kenning search` go to `remote`.
    """

    def __init__(self, window: MainWindow, server: InstanceServer) -> None:
        self.window = window
        self.popup = QuickPopup(window)
        self.hotkey = GlobalHotkey(window)
        self.hotkey.activated.connect(self.popup.toggle)
        window.route_quick_search(self.popup.toggle)
        window.settings_applied.connect(lambda settings: self._bind(settings.hotkey))
        self.hotkey.status_changed.connect(self._show_status)
        self._bind(window.settings.hotkey)
        server.received.connect(self.run)
        self.remote = RemoteSearches(window.engine, window)
        server.search_handler = self.remote.answer

    def _bind(self, combination: str) -> None:
        self._show_status(self.hotkey.bind(combination))

    def _show_status(self, status: HotkeyStatus) -> None:
        """Keep the settings page's line current; say so at once when the hotkey failed."""
        self.window.hotkey_status = status
        if status.failed:
            self.window.banner.show_message(f"Quick-search hotkey: {status.message}")

    def run(self, message: Message) -> None:
        if message.token:  # Qt (Wayland) activates the next window shown with it
            os.environ[ACTIVATION_ENV] = message.token
        if message.command is Command.QUICK:
            self.popup.toggle()
        elif message.command is Command.GUI:
            self.window.index_folders(message.args)
            self.window.bring_to_front()
        else:  # QUIT, once the answer to it is sent
            QTimer.singleShot(0, self.window.quit)

    def start_in_tray(self) -> None:
        """Start with no window up (`kenning gui --minimized`, as on login): in the
        tray, or minimised where the desktop has none, so the app can be found."""
        if self.window.tray is None:
            self.window.showMinimized()

    def shutdown(self) -> None:
        self.hotkey.close()
        self.remote.shutdown()
        self.popup.shutdown()
        self.window.shutdown()


def run_gui(config: EngineConfig, first: Message | None) -> int:
    """Run the app until quit, `first` being what it does once up (see `App.run`);
    None starts it in the tray (`App.start_in_tray`).

    If another launch of this user already runs on the same index, `first` is
    handed to it instead (None: left as it is) and this returns at once.
    """
    check_display()
    settings = load_settings()
    app = application()
    server = InstanceServer(app)
    address = server_address(config_dir(), config.db_path)
    while not server.claim(address):  # another launch of this user runs on this index
        if first is None or send(first, address):
            log.info("Kenning already runs for %s: handed it %s", config.db_path,
                     first.command if first else "nothing")
            return 0
    theme = ThemeManager(app)
    theme.apply(settings.theme)
    window = MainWindow(config, settings, theme, settings_path())
    watcher = SignalWatcher(window.quit)
    running = App(window, server)
    log.info("Kenning started (index %s, socket %s)", config.db_path, server.address)
    if first is None:
        running.start_in_tray()
    else:
        running.run(first)
    previous_hook = error_hook.install(window.banner.show_message)
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        server.close()
        running.shutdown()
        watcher.restore()
