"""The process's own memory figures (core/memory.py), which the bench reports."""

from __future__ import annotations

import json
import subprocess
import sys

# In a process of its own: in the test session, threads of earlier tests (an index's
# background builds) may free memory between the two readings.
_MEASURE = """
import json
import numpy as np
from app.core.memory import resident_mb
before = resident_mb()
block = np.ones(64 * 2**20, dtype=np.uint8)  # 64 MB, every page touched
during = resident_mb()
peak = resident_mb("VmHWM")
print(json.dumps([before, during, peak]))
"""


def test_resident_memory_follows_an_allocation_and_the_peak_stays_above_it() -> None:
    out = subprocess.run([sys.executable, "-c", _MEASURE], capture_output=True, text=True,
                         check=True).stdout
    before, during, peak = json.loads(out)
    assert during - before > 50
    assert peak >= during
