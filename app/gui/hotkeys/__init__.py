"""The desktop-wide quick-search hotkey, by whatever means the platform allows.

X11: a key grab. Windows: RegisterHotKey. macOS: RegisterEventHotKey.
Wayland lets no program grab keys: the xdg-desktop-portal GlobalShortcuts
interface where the desktop offers it, else the user binds `kenning quick` in
the desktop's own keyboard settings (the settings page says so, with the
command to copy). `GlobalHotkey.status` always says which of these is in use.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from app.gui.hotkeys.base import HotkeyBackend, HotkeyError, HotkeyStatus, parse_combo

log = logging.getLogger(__name__)

NO_BACKEND = "none"


def create_backend(parent: QObject) -> HotkeyBackend:
    """The backend for this platform; HotkeyError says why there is none."""
    platform = QGuiApplication.platformName()
    if sys.platform == "win32":
        from app.gui.hotkeys.windows import WindowsHotkey

        return WindowsHotkey(parent)
    if sys.platform == "darwin":
        from app.gui.hotkeys.macos import MacHotkey

        return MacHotkey(parent)
    if platform == "xcb":
        from app.gui.hotkeys.x11 import X11Hotkey

        return X11Hotkey(None, parent)
    if platform.startswith("wayland"):
        from app.gui.hotkeys.portal import PortalHotkey

        return PortalHotkey(parent)
    raise HotkeyError(f"the {platform!r} display has no desktop-wide hotkeys")


class GlobalHotkey(QObject):
    """The app's hotkey: the platform's backend, the combination bound, and its status."""

    activated = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend: HotkeyBackend | None = None
        self._unavailable = ""
        try:
            self._backend = create_backend(self)
        except HotkeyError as exc:
            self._unavailable = str(exc)
        else:
            self._backend.activated.connect(self.activated)
        self.status = HotkeyStatus(NO_BACKEND, False, self._unavailable)

    def bind(self, combination: str) -> HotkeyStatus:
        """Make `combination` (Qt's text form) the hotkey; the status says how that went."""
        if self._backend is None:
            self.status = HotkeyStatus(NO_BACKEND, False, self._unavailable)
        else:
            try:
                combo = parse_combo(combination)
                self._backend.register(combo)
            except HotkeyError as exc:
                self.status = HotkeyStatus(self._backend.name, False, str(exc))
            else:
                self.status = HotkeyStatus(self._backend.name, True,
                                           f"{combo} opens quick search in every program")
        log.info("global hotkey %s: %s", combination, self.status.describe())
        return self.status

    def close(self) -> None:
        """Release the combination (before the app exits)."""
        if self._backend is not None:
            self._backend.close()
