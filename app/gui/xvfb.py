"""A virtual X server (Xvfb) for measuring and testing the app on X11 without a desktop.

Used by `kenning bench` (the quick-search latency) and the X11 tests. Qt-free.
"""

from __future__ import annotations

import os
import select
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

SCREEN_WIDTH, SCREEN_HEIGHT = 1280, 800


@contextmanager
def virtual_display(size: str = f"{SCREEN_WIDTH}x{SCREEN_HEIGHT}") -> Iterator[str]:
    """Start Xvfb on a free display (it picks one: -displayfd); yield ":N"; stop it.

    -noreset: by default the server resets when its last client goes, and
    refuses connections meanwhile: an app started after that would fail.
    """
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{size}x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 30)
        number = os.read(read, 32).decode().strip() if ready else ""
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        os.close(read)
        xvfb.terminate()
        try:
            xvfb.wait(10)
        except subprocess.TimeoutExpired:
            xvfb.kill()
            xvfb.wait()
