"""A system tray for the tray tests: the X11 tray protocol's manager side, nothing more.

Xvfb has no desktop panel, so no tray. This process plays the panel's tray:
it owns the `_NET_SYSTEM_TRAY_S0` selection and announces it (MANAGER), and
when an app asks to dock its icon (SYSTEM_TRAY_REQUEST_DOCK), it takes the
icon's window into its own and shows it there, so that a test can click it.
It prints "ready", then "docked WINDOW" for each icon. "close WINDOW" on
stdin asks that window to close, as a window manager's close button does
(WM_DELETE_WINDOW). Like a panel, the tray stays above other windows.

Run: python -m tests.hotkey.tray_standin DISPLAY
"""

from __future__ import annotations

import ctypes
import ctypes.util
import select
import sys
from ctypes import POINTER, Structure, Union, byref, c_char_p, c_int, c_long, c_ulong, c_void_p

MAP_NOTIFY, CONFIGURE_NOTIFY, CLIENT_MESSAGE = 19, 22, 33
STRUCTURE_NOTIFY_MASK, SUBSTRUCTURE_NOTIFY_MASK = 1 << 17, 1 << 19
REQUEST_DOCK = 0
# Where the tray sits on the screen, and its size (room for one 22×22 icon).
TRAY_X, TRAY_Y, TRAY_SIZE = 1200, 0, 32


class ClientMessage(Structure):
    _fields_ = (("type", c_int), ("serial", c_ulong), ("send_event", c_int),
                ("display", c_void_p), ("window", c_ulong), ("message_type", c_ulong),
                ("format", c_int), ("data", c_long * 5))


class Notify(Structure):
    """The start shared by MapNotify and ConfigureNotify events."""

    _fields_ = (("type", c_int), ("serial", c_ulong), ("send_event", c_int),
                ("display", c_void_p), ("event", c_ulong), ("window", c_ulong))


class Event(Union):
    _fields_ = (("type", c_int), ("client", ClientMessage), ("notify", Notify),
                ("pad", c_long * 24))


def _libx11() -> ctypes.CDLL:
    x = ctypes.CDLL(ctypes.util.find_library("X11"))
    signatures = {
        "XOpenDisplay": (c_void_p, [c_char_p]),
        "XDefaultRootWindow": (c_ulong, [c_void_p]),
        "XConnectionNumber": (c_int, [c_void_p]),
        "XInternAtom": (c_ulong, [c_void_p, c_char_p, c_int]),
        "XCreateSimpleWindow": (c_ulong, [c_void_p, c_ulong, c_int, c_int, ctypes.c_uint,
                                          ctypes.c_uint, ctypes.c_uint, c_ulong, c_ulong]),
        "XMapWindow": (c_int, [c_void_p, c_ulong]),
        "XRaiseWindow": (c_int, [c_void_p, c_ulong]),
        "XSelectInput": (c_int, [c_void_p, c_ulong, c_long]),
        "XReparentWindow": (c_int, [c_void_p, c_ulong, c_ulong, c_int, c_int]),
        "XSetSelectionOwner": (c_int, [c_void_p, c_ulong, c_ulong, c_ulong]),
        "XGetSelectionOwner": (c_ulong, [c_void_p, c_ulong]),
        "XSendEvent": (c_int, [c_void_p, c_ulong, c_int, c_long, POINTER(Event)]),
        "XPending": (c_int, [c_void_p]),
        "XNextEvent": (c_int, [c_void_p, POINTER(Event)]),
        "XSync": (c_int, [c_void_p, c_int]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(x, name)
        function.restype, function.argtypes = restype, argtypes
    return x


class Tray:
    def __init__(self, display: str) -> None:
        self.x = x = _libx11()
        self.d = x.XOpenDisplay(display.encode())
        if not self.d:
            raise SystemExit(f"cannot open the X display {display}")
        self.root = x.XDefaultRootWindow(self.d)
        self.atom = {name: x.XInternAtom(self.d, name.encode(), 0) for name in (
            "_NET_SYSTEM_TRAY_S0", "_NET_SYSTEM_TRAY_OPCODE", "MANAGER", "WM_PROTOCOLS",
            "WM_DELETE_WINDOW")}
        self.window = x.XCreateSimpleWindow(self.d, self.root, TRAY_X, TRAY_Y, TRAY_SIZE,
                                            TRAY_SIZE, 0, 0, 0)
        x.XMapWindow(self.d, self.window)
        x.XSelectInput(self.d, self.root, SUBSTRUCTURE_NOTIFY_MASK)  # windows being shown
        selection = self.atom["_NET_SYSTEM_TRAY_S0"]
        x.XSetSelectionOwner(self.d, selection, self.window, 0)
        if x.XGetSelectionOwner(self.d, selection) != self.window:
            raise SystemExit("another tray owns _NET_SYSTEM_TRAY_S0")
        self._send(self.root, "MANAGER", 0, selection, self.window, mask=STRUCTURE_NOTIFY_MASK)

    def _send(self, to: int, kind: str, *data: int, mask: int = 0) -> None:
        event = Event()
        event.client.type = CLIENT_MESSAGE
        event.client.window = to
        event.client.message_type = self.atom[kind]
        event.client.format = 32
        for i, value in enumerate(data):
            event.client.data[i] = value
        self.x.XSendEvent(self.d, to, 0, mask, byref(event))
        self.x.XSync(self.d, 0)

    def handle_events(self) -> None:
        event = Event()
        while self.x.XPending(self.d):
            self.x.XNextEvent(self.d, byref(event))
            message = event.client
            if event.type in (MAP_NOTIFY, CONFIGURE_NOTIFY) \
                    and event.notify.window != self.window:  # another window came up
                self.x.XRaiseWindow(self.d, self.window)
                self.x.XSync(self.d, 0)
            elif (event.type == CLIENT_MESSAGE
                    and message.message_type == self.atom["_NET_SYSTEM_TRAY_OPCODE"]
                    and message.data[1] == REQUEST_DOCK):
                icon = message.data[2]
                self.x.XReparentWindow(self.d, icon, self.window, 0, 0)
                self.x.XMapWindow(self.d, icon)
                self.x.XSync(self.d, 0)
                print(f"docked {icon}", flush=True)

    def close(self, window: int) -> None:
        self._send(window, "WM_PROTOCOLS", self.atom["WM_DELETE_WINDOW"], 0)


def main(display: str) -> None:
    tray = Tray(display)
    print("ready", flush=True)
    connection = tray.x.XConnectionNumber(tray.d)
    while True:
        tray.handle_events()
        ready, _, _ = select.select([connection, sys.stdin], [], [])
        if sys.stdin in ready:
            line = sys.stdin.readline()
            if not line:
                return
            command, _, window = line.partition(" ")
            if command == "close":
                tray.close(int(window))


if __name__ == "__main__":
    main(sys.argv[1])
