"""Keep background indexing polite: a lower CPU priority and a duty cycle for bulk work.

An edit being saved is indexed at full speed; a burst (a `git checkout`, the
scan at start-up) runs on one thread at a lower priority and pauses between
files in proportion to the work done, so fans stay quiet and an interactive
program never waits behind the index.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

log = logging.getLogger(__name__)


class DutyCycle:
    """Sleep after each piece of work so that work is `share` of the wall time."""

    def __init__(self, share: float, wake: threading.Event) -> None:
        if not 0 < share <= 1:
            raise ValueError("share must be in (0, 1]")
        self.share = share
        self.wake = wake
        self._mark = time.monotonic()

    def restart(self) -> None:
        self._mark = time.monotonic()

    def pause(self) -> None:
        """Called after a piece of work; returns early once `wake` is set."""
        busy = time.monotonic() - self._mark
        if self.share < 1 and busy > 0:
            self.wake.wait(busy * (1 - self.share) / self.share)
        self._mark = time.monotonic()


def lower_thread_priority(nice: int) -> None:
    """Renice the calling thread only (Linux: a thread has its own nice value).

    Elsewhere `setpriority` takes a process, not a thread, so nothing is done.
    Threads the model starts from this thread inherit the value.
    """
    if nice <= 0 or not sys.platform.startswith("linux"):
        return
    try:
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + nice)
    except OSError as exc:
        log.info("cannot lower the watcher's priority: %s", exc)
