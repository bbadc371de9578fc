"""This process's memory, as the operating system reports it."""

from __future__ import annotations

import sys
from pathlib import Path


def resident_mb(field: str = "VmRSS") -> float:
    """Resident memory now (`VmRSS`) or at its peak (`VmHWM`), in MB.

    Read from `/proc/self/status`. The peak is not `ru_maxrss`: Linux carries
    that over from the parent through vfork and exec, so a child started by a
    bench holding a 1M-snippet index reported the bench's 1.5 GB as its own.
    Without `/proc`: the peak, `ru_maxrss` (bytes on macOS, KB elsewhere);
    0.0 where there is neither (Windows).
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    try:
        import resource
    except ImportError:
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024
