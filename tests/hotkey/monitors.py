"""Turn one Xvfb screen into side-by-side monitors (RandR 1.5), as a multi-monitor desk.

Xvfb has one output; RandR monitors are what Qt (xcb) makes its screens of,
so two monitors on one wide Xvfb screen are two QScreens to the app.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from ctypes import POINTER, Structure, byref, c_char_p, c_int, c_ulong, c_void_p


class MonitorInfo(Structure):  # XRRMonitorInfo
    _fields_ = (("name", c_ulong), ("primary", c_int), ("automatic", c_int),
                ("noutput", c_int), ("x", c_int), ("y", c_int), ("width", c_int),
                ("height", c_int), ("mwidth", c_int), ("mheight", c_int),
                ("outputs", POINTER(c_ulong)))


def _libraries() -> tuple[ctypes.CDLL, ctypes.CDLL]:
    x = ctypes.CDLL(ctypes.util.find_library("X11"))
    xrandr = ctypes.CDLL(ctypes.util.find_library("Xrandr"))
    for function, restype, argtypes in (
            (x.XOpenDisplay, c_void_p, [c_char_p]),
            (x.XCloseDisplay, c_int, [c_void_p]),
            (x.XDefaultRootWindow, c_ulong, [c_void_p]),
            (x.XInternAtom, c_ulong, [c_void_p, c_char_p, c_int]),
            (x.XSync, c_int, [c_void_p, c_int]),
            (xrandr.XRRGetMonitors, POINTER(MonitorInfo), [c_void_p, c_ulong, c_int,
                                                           POINTER(c_int)]),
            (xrandr.XRRFreeMonitors, None, [POINTER(MonitorInfo)]),
            (xrandr.XRRSetMonitor, None, [c_void_p, c_ulong, POINTER(MonitorInfo)])):
        function.restype, function.argtypes = restype, argtypes
    return x, xrandr


def split_screen(display: str, count: int) -> list[tuple[int, int, int, int]]:
    """Make `count` monitors of equal width, left to right; their (x, y, width, height).

    The first keeps Xvfb's output (and is the primary); the others are
    monitors without an output, which RandR allows.
    """
    x, xrandr = _libraries()
    handle = x.XOpenDisplay(display.encode())
    if not handle:
        raise OSError(f"cannot open the X display {display}")
    try:
        root = x.XDefaultRootWindow(handle)
        found = c_int()
        current = xrandr.XRRGetMonitors(handle, root, 1, byref(found))
        width, height = current[0].width, current[0].height
        output = (c_ulong * 1)(current[0].outputs[0])
        xrandr.XRRFreeMonitors(current)
        part = width // count
        areas = [(i * part, 0, part, height) for i in range(count)]
        for i, (left, top, w, h) in enumerate(areas):
            name = x.XInternAtom(handle, f"TEST-{i}".encode(), 0)
            monitor = MonitorInfo(name, int(i == 0), 0, int(i == 0), left, top, w, h,
                                  w // 4, h // 4, output if i == 0 else None)
            xrandr.XRRSetMonitor(handle, root, byref(monitor))
        x.XSync(handle, 0)
        return areas
    finally:
        x.XCloseDisplay(handle)
