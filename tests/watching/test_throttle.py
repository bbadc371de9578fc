"""Bulk work stays polite: a duty cycle between files and a lower priority for the thread."""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

from app.core.watching.throttle import DutyCycle, lower_thread_priority


def _work_then_pause(cycle: DutyCycle, busy: float) -> float:
    """Seconds `cycle.pause()` waited after `busy` seconds of (sleeping) work."""
    cycle.restart()
    time.sleep(busy)
    before = time.monotonic()
    cycle.pause()
    return time.monotonic() - before


def test_a_share_of_a_half_waits_as_long_as_it_worked() -> None:
    waited = _work_then_pause(DutyCycle(0.5, threading.Event()), 0.2)
    assert 0.15 <= waited < 2.0


def test_full_share_never_waits_and_a_wake_cuts_the_wait_short() -> None:
    assert _work_then_pause(DutyCycle(1.0, threading.Event()), 0.05) < 0.05
    wake = threading.Event()
    threading.Timer(0.3, wake.set).start()  # in the middle of the wait
    assert _work_then_pause(DutyCycle(0.01, wake), 0.1) < 5.0  # else it would wait ~10 s


def test_a_share_outside_zero_to_one_is_refused() -> None:
    for share in (0.0, 1.5):
        with pytest.raises(ValueError):
            DutyCycle(share, threading.Event())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice is Linux's")
def test_only_the_calling_thread_is_reniced() -> None:
    seen: dict[str, int] = {}

    def lowered() -> None:
        lower_thread_priority(5)
        seen["thread"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    thread = threading.Thread(target=lowered)
    thread.start()
    thread.join()
    assert seen["thread"] == min(before + 5, 19)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
