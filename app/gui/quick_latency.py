"""How long `kenning quick` takes to bring the popup up, measured from outside the app.

For `kenning bench`: with the app running on the X display in $DISPLAY (a real
desktop or Xvfb), run the quick command again and again and time each run
from starting the command to the X server mapping (showing) or unmapping
(hiding) the popup's window, seen as MapNotify/UnmapNotify events on a
connection of our own. The first run only finds the popup's window (the one
mapped then). X11 only; no Qt here.
"""

from __future__ import annotations

import os
import select
import statistics
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from app.core.instance import quick_argv
from app.gui import xlib


@dataclass(frozen=True)
class QuickLatency:
    show_ms: list[float]    # command started → popup mapped
    hide_ms: list[float]    # command started → popup unmapped
    client_ms: list[float]  # command started → command exited (all runs)

    @property
    def median_show_ms(self) -> float:
        return statistics.median(self.show_ms)

    def to_json(self) -> dict[str, object]:
        def summary(values: list[float]) -> dict[str, float]:
            return {"median": round(statistics.median(values), 1),
                    "min": round(min(values), 1), "max": round(max(values), 1)}
        return {"runs": len(self.show_ms), "show_ms": summary(self.show_ms),
                "hide_ms": summary(self.hide_ms), "client_ms": summary(self.client_ms)}


class _Watcher:
    """Map and unmap events of the windows on the root of `display`."""

    def __init__(self, display: str | None) -> None:
        self.display = xlib.Display(display)
        self.display.x.XSelectInput(self.display.handle, self.display.root,
                                    xlib.SUBSTRUCTURE_NOTIFY_MASK)
        self.display.flush()

    def wait(self, kind: int, window: int | None, deadline: float) -> int:
        """Wait for a `kind` event (of `window`, or any); return the window's id."""
        while True:
            for event in self.display.events():
                if event.type == kind and window in (None, event.xmap.window):
                    return int(event.xmap.window)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the quick-search popup did not toggle in time")
            select.select([self.display.fileno()], [], [], remaining)


def measure_quick_toggle(runs: int = 20, command: Sequence[str] | None = None,
                         env: Mapping[str, str] | None = None, timeout: float = 30.0
                         ) -> QuickLatency:
    """Toggle the popup of the running app 1 + 2 × `runs` times; the timings of each.

    The app must be running with the popup hidden, on the display of `env`
    (default: this process's environment).
    """
    env = dict(os.environ if env is None else env)
    command = list(command or quick_argv())
    watcher = _Watcher(env.get("DISPLAY"))
    show: list[float] = []
    hide: list[float] = []
    client: list[float] = []

    def run(kind: int, window: int | None, into: list[float] | None) -> int:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            found = watcher.wait(kind, window, time.monotonic() + timeout)
            toggled = time.perf_counter()
            _, err = process.communicate(timeout=timeout)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {err.decode(errors='replace')}")
        if into is not None:
            into.append((toggled - started) * 1000)
            client.append((time.perf_counter() - started) * 1000)
        return found

    try:
        popup = run(xlib.MAP_NOTIFY, None, None)
        run(xlib.UNMAP_NOTIFY, popup, None)
        for _ in range(runs):
            run(xlib.MAP_NOTIFY, popup, show)
            run(xlib.UNMAP_NOTIFY, popup, hide)
    finally:
        watcher.display.close()
    return QuickLatency(show, hide, client)
