"""Windows: RegisterHotKey, and WM_HOTKEY picked out of Qt's native events.

The hotkey is registered for the GUI thread without a window (hWnd NULL), so
Windows posts WM_HOTKEY to that thread's message queue; Qt's event
dispatcher hands every such message to the installed native event filters as
"windows_dispatcher_MSG" (thread messages) or "windows_generic_MSG".
MOD_NOREPEAT keeps a held combination from repeating.
"""

from __future__ import annotations

import ctypes
from ctypes import wintypes

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QObject

from app.gui.hotkeys.base import Combo, HotkeyBackend, HotkeyError, Modifier

WM_HOTKEY = 0x0312
MOD_ALT, MOD_CONTROL, MOD_SHIFT, MOD_WIN, MOD_NOREPEAT = 0x1, 0x2, 0x4, 0x8, 0x4000
ERROR_HOTKEY_ALREADY_REGISTERED = 1409
HOTKEY_ID = 0x4B51  # any id in 0x0000-0xBFFF, unique within the app
MESSAGE_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")

MODIFIERS = {Modifier.ALT: MOD_ALT, Modifier.CTRL: MOD_CONTROL, Modifier.SHIFT: MOD_SHIFT,
             Modifier.META: MOD_WIN}
VIRTUAL_KEYS = {
    "Space": 0x20, "Tab": 0x09, "Return": 0x0D, "Enter": 0x0D, "Esc": 0x1B, "Backspace": 0x08,
    "Ins": 0x2D, "Del": 0x2E, "Home": 0x24, "End": 0x23, "PgUp": 0x21, "PgDown": 0x22,
    "Left": 0x25, "Up": 0x26, "Right": 0x27, "Down": 0x28, "Print": 0x2C, "Pause": 0x13,
    ";": 0xBA, "=": 0xBB, ",": 0xBC, "-": 0xBD, ".": 0xBE, "/": 0xBF, "`": 0xC0, "[": 0xDB,
    "\\": 0xDC, "]": 0xDD, "'": 0xDE,
    **{f"F{n}": 0x70 + n - 1 for n in range(1, 25)},
}


def virtual_key(key: str) -> int:
    """The VK_ code of Qt's key name (letters and digits are their ASCII codes)."""
    return VIRTUAL_KEYS.get(key) or ord(key)


class _HotkeyFilter(QAbstractNativeEventFilter):
    def __init__(self, backend: WindowsHotkey) -> None:
        super().__init__()
        self._backend = backend

    def nativeEventFilter(self, event_type: bytes, message: int) -> tuple[bool, int]:
        if bytes(event_type) in MESSAGE_TYPES:
            msg = wintypes.MSG.from_address(int(message))
            if msg.message == WM_HOTKEY and msg.wParam == HOTKEY_ID:
                self._backend.activated.emit()
                return True, 0
        return False, 0


class WindowsHotkey(HotkeyBackend):
    name = "Windows hotkey (RegisterHotKey)"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._user32 = ctypes.WinDLL("user32", use_last_error=True)  # type: ignore[attr-defined]
        self._registered = False
        self._filter = _HotkeyFilter(self)
        QCoreApplication.instance().installNativeEventFilter(self._filter)

    def register(self, combo: Combo) -> None:
        self.unregister()
        modifiers = MOD_NOREPEAT
        for modifier in combo.modifiers:
            modifiers |= MODIFIERS[modifier]
        if not self._user32.RegisterHotKey(None, HOTKEY_ID, modifiers, virtual_key(combo.key)):
            error = ctypes.get_last_error()  # type: ignore[attr-defined]
            if error == ERROR_HOTKEY_ALREADY_REGISTERED:
                raise HotkeyError(f"{combo} is already taken by another program: "
                                  "choose another combination in Settings")
            raise HotkeyError(f"Windows refused the hotkey {combo}: "
                              f"{ctypes.FormatError(error)}")  # type: ignore[attr-defined]
        self._registered = True

    def unregister(self) -> None:
        if self._registered:
            self._user32.UnregisterHotKey(None, HOTKEY_ID)
            self._registered = False

    def close(self) -> None:
        self.unregister()
        QCoreApplication.instance().removeNativeEventFilter(self._filter)
