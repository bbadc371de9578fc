"""The change queue: coalescing, debouncing, bursts, the latency cap, moves (real time)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from app.core.watching.queue import URGENT_PATHS, Batch, ChangeQueue

A, B, C = Path("/w/a.py"), Path("/w/b.py"), Path("/w/c.py")


def test_a_file_saved_many_times_is_one_path() -> None:
    queue = ChangeQueue(quiet=0.1, max_delay=2.0)
    for _ in range(50):
        queue.add(A)
    batch = queue.take(timeout=2)
    assert batch is not None and batch.paths == [A] and batch.urgent
    assert queue.take(timeout=0.3) is None


def test_nothing_is_due_before_the_quiet_window() -> None:
    queue = ChangeQueue(quiet=0.3, max_delay=2.0)
    queue.add(A)
    assert not queue.has_urgent()
    assert queue.take(timeout=0.1) is None
    started = time.monotonic()
    assert queue.take(timeout=2) is not None
    assert time.monotonic() - started < 0.35


def test_a_burst_becomes_one_bulk_batch() -> None:
    queue = ChangeQueue(quiet=0.2, max_delay=5.0)
    paths = [Path(f"/w/pkg{i % 7}/m{i}.py") for i in range(2000)]
    for i, path in enumerate(paths):
        queue.add(path)
        if i % 500 == 0:
            time.sleep(0.05)  # a checkout writes in spurts, each gap shorter than the window
    batch = queue.take(timeout=3)
    assert batch is not None and sorted(batch.paths) == sorted(paths)
    assert not batch.urgent
    assert len(queue) == 0


def test_a_busy_file_cannot_hold_back_the_others() -> None:
    queue = ChangeQueue(quiet=0.2, max_delay=0.6)
    stop = threading.Event()

    def rewrite_a_log() -> None:
        while not stop.wait(0.05):
            queue.add(A)

    writer = threading.Thread(target=rewrite_a_log)
    writer.start()
    try:
        queue.add(B)
        started = time.monotonic()
        batch = queue.take(timeout=3)
        waited = time.monotonic() - started
    finally:
        stop.set()
        writer.join()
    assert batch is not None and batch.paths == [B]  # A is still being written
    assert 0.4 < waited < 1.0  # the cap, not the end of the stream


def test_moves_come_in_order_with_both_ends() -> None:
    queue = ChangeQueue(quiet=0.05, max_delay=1.0)
    queue.add_move(A, B)
    queue.add_move(B, C)
    queue.add(A)
    batch = queue.take(timeout=2)
    assert batch is not None
    assert batch.moves == [(A, B), (B, C)]
    assert set(batch.paths) == {A, B, C}
    assert batch.paths[0] == A  # most recently changed first


def test_folders_and_big_batches_are_bulk_work() -> None:
    assert Batch([A]).urgent
    assert not Batch([A], folders={A}).urgent
    assert not Batch([Path(f"/w/{i}") for i in range(URGENT_PATHS + 1)]).urgent


def test_close_wakes_a_waiting_taker() -> None:
    queue = ChangeQueue(quiet=0.1, max_delay=1.0)
    taken: list[Batch | None] = []
    taker = threading.Thread(target=lambda: taken.append(queue.take()))
    taker.start()
    time.sleep(0.1)
    queue.close()
    taker.join(2)
    assert not taker.is_alive() and taken == [None]


def test_only_an_edit_is_urgent_enough_to_interrupt_bulk_work() -> None:
    queue = ChangeQueue(quiet=0.05, max_delay=1.0)
    for i in range(URGENT_PATHS + 1):
        queue.add(Path(f"/w/checkout/{i}.py"))
    time.sleep(0.1)
    assert not queue.has_urgent()
    queue.take(timeout=1)
    queue.add(A)
    time.sleep(0.1)
    assert queue.has_urgent()


def test_an_edit_goes_before_the_rest_of_a_checkout_still_queued() -> None:
    queue = ChangeQueue(quiet=0.1, max_delay=0.3)
    checkout = [Path(f"/w/checkout/{i}.py") for i in range(100)]
    for path in checkout:
        queue.add(path)
    time.sleep(0.2)  # the checkout has settled; the worker is still busy elsewhere
    queue.add(A)  # someone saves a file meanwhile
    assert not queue.has_urgent()  # not settled yet
    time.sleep(0.15)
    assert queue.has_urgent()
    edit = queue.take(timeout=1)
    assert edit is not None and edit.paths == [A] and edit.urgent
    rest = queue.take(timeout=1)
    assert rest is not None and sorted(rest.paths) == sorted(checkout) and not rest.urgent
