"""Just enough of libX11, through ctypes, for a global key grab and for watching windows.

PySide6 has no Xlib binding and Qt talks to the X server over xcb, so the
hotkey grab uses a connection of its own (`Display`), read from Qt's event
loop through its file descriptor; the quick-search latency bench watches
windows being mapped the same way. Only the calls Kenning makes are declared.
Qt-free: the bench imports it without Qt.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from ctypes import (
    CFUNCTYPE,
    POINTER,
    Structure,
    Union,
    byref,
    c_char_p,
    c_int,
    c_long,
    c_ubyte,
    c_uint,
    c_ulong,
    c_void_p,
)

# Event types and masks (X.h).
KEY_PRESS, KEY_RELEASE, UNMAP_NOTIFY, MAP_NOTIFY = 2, 3, 18, 19
SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
SHIFT_MASK, LOCK_MASK, CONTROL_MASK, MOD1_MASK, MOD2_MASK, MOD4_MASK = 1, 2, 4, 8, 16, 64
GRAB_MODE_ASYNC = 1
BAD_ACCESS = 10


class XKeyEvent(Structure):
    _fields_ = (("type", c_int), ("serial", c_ulong), ("send_event", c_int),
                ("display", c_void_p), ("window", c_ulong), ("root", c_ulong),
                ("subwindow", c_ulong), ("time", c_ulong), ("x", c_int), ("y", c_int),
                ("x_root", c_int), ("y_root", c_int), ("state", c_uint), ("keycode", c_uint),
                ("same_screen", c_int))


class XMapEvent(Structure):
    """The start shared by XMapEvent and XUnmapEvent."""

    _fields_ = (("type", c_int), ("serial", c_ulong), ("send_event", c_int),
                ("display", c_void_p), ("event", c_ulong), ("window", c_ulong))


class XEvent(Union):
    _fields_ = (("type", c_int), ("xkey", XKeyEvent), ("xmap", XMapEvent),
                ("pad", c_long * 24))


class XErrorEvent(Structure):
    _fields_ = (("type", c_int), ("display", c_void_p), ("resourceid", c_ulong),
                ("serial", c_ulong), ("error_code", c_ubyte), ("request_code", c_ubyte),
                ("minor_code", c_ubyte))


class XModifierKeymap(Structure):
    _fields_ = (("max_keypermod", c_int), ("modifiermap", POINTER(c_ubyte)))


ErrorHandler = CFUNCTYPE(c_int, c_void_p, POINTER(XErrorEvent))

_SIGNATURES: dict[str, tuple[type | None, list[type]]] = {
    "XOpenDisplay": (c_void_p, [c_char_p]),
    "XCloseDisplay": (c_int, [c_void_p]),
    "XDefaultRootWindow": (c_ulong, [c_void_p]),
    "XConnectionNumber": (c_int, [c_void_p]),
    "XStringToKeysym": (c_ulong, [c_char_p]),
    "XKeysymToKeycode": (c_ubyte, [c_void_p, c_ulong]),
    "XGrabKey": (c_int, [c_void_p, c_int, c_uint, c_ulong, c_int, c_int, c_int]),
    "XUngrabKey": (c_int, [c_void_p, c_int, c_uint, c_ulong]),
    "XGetModifierMapping": (POINTER(XModifierKeymap), [c_void_p]),
    "XFreeModifiermap": (c_int, [POINTER(XModifierKeymap)]),
    "XkbSetDetectableAutoRepeat": (c_int, [c_void_p, c_int, c_void_p]),
    "XSelectInput": (c_int, [c_void_p, c_ulong, c_long]),
    "XPending": (c_int, [c_void_p]),
    "XNextEvent": (c_int, [c_void_p, POINTER(XEvent)]),
    "XSync": (c_int, [c_void_p, c_int]),
    "XFlush": (c_int, [c_void_p]),
    "XSetErrorHandler": (c_void_p, [c_void_p]),
}


@functools.cache
def libx11() -> ctypes.CDLL:
    """libX11 with the signatures declared; OSError if it is not installed."""
    path = ctypes.util.find_library("X11")
    if path is None:
        raise OSError("libX11 is not installed")
    lib = ctypes.CDLL(path)
    for name, (restype, argtypes) in _SIGNATURES.items():
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    return lib


class Display:
    """A connection to the X server (`name` like ":0"; None: $DISPLAY)."""

    def __init__(self, name: str | None = None) -> None:
        self.x = libx11()
        self.handle = self.x.XOpenDisplay(name.encode() if name else None)
        if not self.handle:
            raise OSError(f"cannot open the X display {name or '$DISPLAY'}")
        self.root = self.x.XDefaultRootWindow(self.handle)

    def fileno(self) -> int:
        return self.x.XConnectionNumber(self.handle)

    def keycode(self, keysym_name: str) -> int:
        """The key that types `keysym_name` on this keyboard; 0 if none does."""
        keysym = self.x.XStringToKeysym(keysym_name.encode())
        return self.x.XKeysymToKeycode(self.handle, keysym) if keysym else 0

    def modifier_mask(self, keysym_name: str, default: int) -> int:
        """The modifier bit the key `keysym_name` sets (NumLock is usually Mod2)."""
        keycode = self.keycode(keysym_name)
        mapping = self.x.XGetModifierMapping(self.handle)
        try:
            per = mapping.contents.max_keypermod
            codes = mapping.contents.modifiermap
            for index in range(8):
                if keycode and keycode in (codes[index * per + k] for k in range(per)):
                    return 1 << index
        finally:
            self.x.XFreeModifiermap(mapping)
        return default

    @contextmanager
    def errors_trapped(self) -> Iterator[list[int]]:
        """Collect the error codes of requests made inside (all sent and answered at exit).

        Without this, Xlib's default handler would end the process on e.g. a
        BadAccess from a combination another program has grabbed. The
        previous handler (Qt's) is put back afterwards.
        """
        errors: list[int] = []

        def record(display: int | None, event: ctypes._Pointer) -> int:
            if display == self.handle:
                errors.append(event.contents.error_code)
            return 0

        handler = ErrorHandler(record)
        previous = self.x.XSetErrorHandler(ctypes.cast(handler, c_void_p))
        try:
            yield errors
            self.x.XSync(self.handle, 0)
        finally:
            self.x.XSetErrorHandler(previous)

    def events(self) -> Iterator[XEvent]:
        """The events already received, without blocking."""
        event = XEvent()
        while self.x.XPending(self.handle):
            self.x.XNextEvent(self.handle, byref(event))
            yield event

    def flush(self) -> None:
        self.x.XFlush(self.handle)

    def close(self) -> None:
        if self.handle:
            self.x.XCloseDisplay(self.handle)
            self.handle = None
