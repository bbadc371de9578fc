"""Choose llama.cpp's thread count by measured speed, not by core count.

llama.cpp's CPU backend makes its threads meet at a barrier after every graph
node (~150 per forward pass of a 6-layer BERT). When another process keeps a
core busy, the OS parks one of our threads for a time slice and the others wait
at each barrier. Measured on 2 cores (all-MiniLM-L6-v2 Q8_0, ~100-token stdlib
functions): idle, 2 threads ~3,400 tok/s and 1 thread ~1,860; sharing the
machine with other work (load ~5), 2 threads 340 and 1 thread 1,330. No fixed
count is right for a desktop, so the Embedder times every call and uses the
faster of "all threads" and "one thread", re-trying the other now and then.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 32.0


class ThreadChooser:
    """Picks `n_threads` or 1 for each call from the speeds measured so far.

    The option in use is tracked continuously (mean of its last two calls); the
    other is re-measured once when its retry time comes. Each time the re-try
    loses, the wait before the next doubles (1 s up to 32 s), so when the
    machine is busy a slow re-try costs at most one call in 32 s.
    """

    def __init__(self, n_threads: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.options = (n_threads, 1) if n_threads > 1 else (1,)
        self.current = self.options[0]
        self._clock = clock
        self._speed: dict[int, float] = {}  # tokens per second
        self._last: int | None = None
        self._retry_in = FIRST_RETRY_SECONDS
        self._retry_at = 0.0
        self._warm = False

    def choose(self) -> int:
        """The thread count to use for the next call."""
        if len(self.options) == 1 or not self._warm:
            return self.current
        other = self.options[1] if self.current == self.options[0] else self.options[0]
        if other not in self._speed or self._clock() >= self._retry_at:
            return other
        return self.current

    def record(self, threads: int, n_tokens: int, seconds: float) -> None:
        """Report a call made with `threads` threads."""
        if not self._warm:  # the first call pays one-off set-up costs
            self._warm = True
            return
        speed = n_tokens / max(seconds, 1e-9)
        previous = self._speed.get(threads)
        consecutive = previous is not None and threads == self._last
        self._speed[threads] = (previous + speed) / 2 if consecutive else speed
        self._last = threads
        best = max(self._speed, key=self._speed.__getitem__)
        if threads != self.current:  # that was a re-try of the other option
            self._retry_in = (FIRST_RETRY_SECONDS if best == threads
                              else min(2 * self._retry_in, MAX_RETRY_SECONDS))
            self._retry_at = self._clock() + self._retry_in
        self.current = best
