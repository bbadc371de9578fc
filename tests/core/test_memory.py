"""The process's own memory figures (core/memory.py), which the bench reports."""

from __future__ import annotations

import numpy as np

from app.core.memory import resident_mb


def test_resident_memory_follows_an_allocation_and_the_peak_stays_above_it() -> None:
    before = resident_mb()
    block = np.ones(64 * 2**20, dtype=np.uint8)  # 64 MB, every page touched
    during = resident_mb()
    peak = resident_mb("VmHWM")
    del block
    assert during - before > 50
    assert peak >= during
