"""The thread chooser follows measured speed, with bounded re-tries."""

from __future__ import annotations

from app.core.model.threads import MAX_RETRY_SECONDS, ThreadChooser


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def run(chooser: ThreadChooser, clock: Clock, speed: dict[int, float], calls: int) -> list[int]:
    """Make `calls` calls of 100 tokens, each taking the time `speed` gives; return choices."""
    used = []
    for _ in range(calls):
        threads = chooser.choose()
        seconds = 100 / speed[threads]
        clock.now += seconds
        chooser.record(threads, 100, seconds)
        used.append(threads)
    return used


def test_single_thread_is_never_changed() -> None:
    chooser = ThreadChooser(1)
    assert run(chooser, Clock(), {1: 1000.0}, 10) == [1] * 10


def test_idle_machine_settles_on_all_threads() -> None:
    clock = Clock()
    chooser = ThreadChooser(2, clock)
    used = run(chooser, clock, {2: 3400.0, 1: 1860.0}, 2000)
    assert chooser.current == 2
    assert used[-1000:].count(1) <= 3  # re-tries back off to one per 32 s


def test_busy_machine_drops_to_one_thread_and_comes_back() -> None:
    clock = Clock()
    chooser = ThreadChooser(2, clock)
    run(chooser, clock, {2: 3400.0, 1: 1860.0}, 200)
    busy = run(chooser, clock, {2: 250.0, 1: 1200.0}, 400)
    assert chooser.current == 1
    slow_calls = busy[5:].count(2)
    busy_seconds = 395 * 100 / 1200
    assert slow_calls <= 1 + busy_seconds / 4  # re-tries back off: 1, 2, 4, 8 ... s
    run(chooser, clock, {2: 3400.0, 1: 1860.0}, int(MAX_RETRY_SECONDS * 20) + 50)
    assert chooser.current == 2
