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

from app.gui.hotkeys.base import (
    NO_BACKEND,
    HotkeyBackend,
    HotkeyError,
    HotkeyStatus,
    parse_combo,
)

log = logging.getLogger(__name__)


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
    status_changed = Signal(object)  # HotkeyStatus, when a backend hears back later

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._backend: HotkeyBackend | None = None
        self._unavailable = ""
        try:
            self._backend = create_backend(self)
        except (HotkeyError, OSError) as exc:  # OSError: a system library is missing
            self._unavailable = str(exc)
        else:
            self._backend.activated.connect(self.activated)
            self._backend.status_changed.connect(self._heard_back)
        self.status = HotkeyStatus(NO_BACKEND, False, self._unavailable)

    def bind(self, combination: str) -> HotkeyStatus:
        """Make `combination` (Qt's text form) the hotkey; the status says how that went."""
        self.status = self._register(combination)
        log.info("global hotkey %s: %s", combination, self.status.describe())
        return self.status

    def _register(self, combination: str) -> HotkeyStatus:
        backend = self._backend
        if backend is None:
            return HotkeyStatus(NO_BACKEND, False, self._unavailable)
        try:
            combo = parse_combo(combination)
            backend.register(combo)
        except HotkeyError as exc:
            return HotkeyStatus(backend.name, False, str(exc))
        if backend.confirms_later:
            return HotkeyStatus(backend.name, False, f"{combo} asked of the desktop, which may "
                                "ask you to confirm", pending=True)
        return HotkeyStatus(backend.name, True, f"{combo} opens quick search in every program")

    def _heard_back(self, active: bool, message: str) -> None:
        self.status = HotkeyStatus(self.status.backend, active, message)
        log.info("global hotkey: %s", self.status.describe())
        self.status_changed.emit(self.status)

    def close(self) -> None:
        """Release the combination (before the app exits)."""
        if self._backend is not None:
            self._backend.close()
