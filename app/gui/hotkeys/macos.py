"""macOS: Carbon's RegisterEventHotKey, through ctypes.

Still the one public API for a system-wide hotkey that needs no accessibility
permission. The handler is installed on the application's event target; Qt's
Cocoa event loop dispatches Carbon events, so it runs on the GUI thread. Qt
names the Command key "Ctrl" and the Control key "Meta"; the masks follow that.
"""

from __future__ import annotations

import ctypes
from ctypes import CFUNCTYPE, POINTER, Structure, byref, c_int32, c_uint32, c_ulong, c_void_p

from PySide6.QtCore import QObject

from app.gui.hotkeys.base import Combo, HotkeyBackend, HotkeyError, Modifier

CARBON = "/System/Library/Frameworks/Carbon.framework/Carbon"
K_EVENT_CLASS_KEYBOARD = int.from_bytes(b"keyb", "big")
K_EVENT_HOTKEY_PRESSED = 5
EVENT_HOTKEY_EXISTS = -9878
SIGNATURE = int.from_bytes(b"Knng", "big")
MODIFIERS = {Modifier.CTRL: 0x0100, Modifier.SHIFT: 0x0200, Modifier.ALT: 0x0800,
             Modifier.META: 0x1000}  # cmdKey, shiftKey, optionKey, controlKey
# Qt's key names → kVK_ virtual key codes (Events.h; ANSI positions).
KEY_CODES = {
    "A": 0x00, "S": 0x01, "D": 0x02, "F": 0x03, "H": 0x04, "G": 0x05, "Z": 0x06, "X": 0x07,
    "C": 0x08, "V": 0x09, "B": 0x0B, "Q": 0x0C, "W": 0x0D, "E": 0x0E, "R": 0x0F, "Y": 0x10,
    "T": 0x11, "1": 0x12, "2": 0x13, "3": 0x14, "4": 0x15, "6": 0x16, "5": 0x17, "=": 0x18,
    "9": 0x19, "7": 0x1A, "-": 0x1B, "8": 0x1C, "0": 0x1D, "]": 0x1E, "O": 0x1F, "U": 0x20,
    "[": 0x21, "I": 0x22, "P": 0x23, "Return": 0x24, "L": 0x25, "J": 0x26, "'": 0x27,
    "K": 0x28, ";": 0x29, "\\": 0x2A, ",": 0x2B, "/": 0x2C, "N": 0x2D, "M": 0x2E, ".": 0x2F,
    "Tab": 0x30, "Space": 0x31, "`": 0x32, "Backspace": 0x33, "Esc": 0x35, "Enter": 0x4C,
    "F1": 0x7A, "F2": 0x78, "F3": 0x63, "F4": 0x76, "F5": 0x60, "F6": 0x61, "F7": 0x62,
    "F8": 0x64, "F9": 0x65, "F10": 0x6D, "F11": 0x67, "F12": 0x6F, "F13": 0x69, "F14": 0x6B,
    "F15": 0x71, "F16": 0x6A, "F17": 0x40, "F18": 0x4F, "F19": 0x50, "F20": 0x5A,
    "Home": 0x73, "PgUp": 0x74, "Del": 0x75, "End": 0x77, "PgDown": 0x79, "Left": 0x7B,
    "Right": 0x7C, "Down": 0x7D, "Up": 0x7E,
}


class EventHotKeyID(Structure):
    _fields_ = (("signature", c_uint32), ("id", c_uint32))


class EventTypeSpec(Structure):
    _fields_ = (("eventClass", c_uint32), ("eventKind", c_uint32))


EventHandler = CFUNCTYPE(c_int32, c_void_p, c_void_p, c_void_p)


class MacHotkey(HotkeyBackend):
    name = "macOS hotkey (RegisterEventHotKey)"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._carbon = ctypes.CDLL(CARBON)
        self._carbon.GetApplicationEventTarget.restype = c_void_p
        self._carbon.RegisterEventHotKey.argtypes = [
            c_uint32, c_uint32, EventHotKeyID, c_void_p, c_uint32, POINTER(c_void_p)]
        self._carbon.InstallEventHandler.argtypes = [  # ItemCount is an unsigned long
            c_void_p, EventHandler, c_ulong, POINTER(EventTypeSpec), c_void_p,
            POINTER(c_void_p)]
        self._carbon.UnregisterEventHotKey.argtypes = [c_void_p]
        self._carbon.RemoveEventHandler.argtypes = [c_void_p]
        self._target = self._carbon.GetApplicationEventTarget()
        self._callback = EventHandler(self._pressed)  # kept: Carbon holds a raw pointer
        self._handler = c_void_p()
        self._hotkey = c_void_p()
        spec = EventTypeSpec(K_EVENT_CLASS_KEYBOARD, K_EVENT_HOTKEY_PRESSED)
        status = self._carbon.InstallEventHandler(self._target, self._callback, 1, byref(spec),
                                                  None, byref(self._handler))
        if status:
            raise HotkeyError(f"macOS refused the hotkey handler (error {status})")

    def _pressed(self, _call: int | None, _event: int | None, _data: int | None) -> int:
        self.activated.emit()
        return 0

    def register(self, combo: Combo) -> None:
        self.unregister()
        code = KEY_CODES.get(combo.key)
        if code is None:
            raise HotkeyError(f"{combo.key} cannot be a hotkey on macOS")
        modifiers = 0
        for modifier in combo.modifiers:
            modifiers |= MODIFIERS[modifier]
        status = self._carbon.RegisterEventHotKey(code, modifiers, EventHotKeyID(SIGNATURE, 1),
                                                  self._target, 0, byref(self._hotkey))
        if status == EVENT_HOTKEY_EXISTS:
            raise HotkeyError(f"{combo} is already taken by another program: "
                              "choose another combination in Settings")
        if status:
            raise HotkeyError(f"macOS refused the hotkey {combo} (error {status})")

    def unregister(self) -> None:
        if self._hotkey:
            self._carbon.UnregisterEventHotKey(self._hotkey)
            self._hotkey = c_void_p()

    def close(self) -> None:
        self.unregister()
        if self._handler:
            self._carbon.RemoveEventHandler(self._handler)
            self._handler = c_void_p()
