"""The raw vectors of recent queries, so that asking again costs no model call.

A window re-runs a query when a filter, the mode or the number of results
changes, and people go back to what they typed a moment ago; each of those
would embed the same text again (~10-15 ms on a laptop core). The vectors
are the model's raw output: the bias matrix is applied after, so switching it
never serves a stale vector. `kenning bench` clears the cache before every
timed search: its figures are those of a query never seen.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

SIZE = 64


class QueryVectors:
    """`embed(text)` behind a small LRU cache; safe to call from several threads."""

    def __init__(self, embed: Callable[[str], np.ndarray], size: int = SIZE) -> None:
        self._embed = embed
        self._size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0

    def __call__(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                self.hits += 1
                return vector
        vector = self._embed(text)
        vector.setflags(write=False)  # shared by every search that asks for it
        with self._lock:
            self._vectors[text] = vector
            while len(self._vectors) > self._size:
                self._vectors.popitem(last=False)
        return vector

    def clear(self) -> None:
        with self._lock:
            self._vectors.clear()
