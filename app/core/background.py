"""Background builds of in-memory indexes, stopped and waited for when the process exits.

A search starts them (lexical postings, the rows' bias factors) and goes on
without them. They are daemon threads, so they never keep a process alive,
but one still inside numpy's BLAS when the interpreter finalises leaves
OpenBLAS's own exit waiting forever (seen: the window quit right after its
first search and the process never ended). So at exit every build is told to
stop (`check()`, called between batches) and joined first: one batch, well
under a second.

A build allocates and frees tens of MB in its own thread; glibc keeps such
memory in the thread's arena (and raises its mmap threshold after freeing a
big array), so the process's RSS would stay that much higher for good. Each
build ends by handing free memory back (`malloc_trim`, where glibc has it):
measured on the 100k synthetic index, the window's RSS after its first
search 390–402 MB without it.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import sys
import threading
from collections.abc import Callable

_STOP = threading.Event()
_THREADS: list[threading.Thread] = []
_LOCK = threading.Lock()


class Stopped(Exception):
    """Raised inside a build when the process exits; the build is dropped."""


def start(target: Callable[[], object], name: str) -> threading.Thread:
    """Run `target` in a daemon thread that the process's exit stops and waits for."""
    def run() -> None:
        with contextlib.suppress(Stopped):
            target()
        _give_back_free_memory()

    thread = threading.Thread(target=run, name=name, daemon=True)
    with _LOCK:
        _THREADS[:] = [t for t in _THREADS if t.is_alive()]
        _THREADS.append(thread)
    thread.start()
    return thread


def _give_back_free_memory() -> None:
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl)
        return None


_MALLOC_TRIM = _malloc_trim()


def check() -> None:
    """Raise Stopped when the process is exiting (call between batches of a build)."""
    if _STOP.is_set():
        raise Stopped


def settle() -> None:
    """Wait for the builds running now to end (benchmarks, tests)."""
    with _LOCK:
        threads = list(_THREADS)
    for thread in threads:
        thread.join()


@atexit.register
def _stop_all() -> None:
    _STOP.set()
    settle()
