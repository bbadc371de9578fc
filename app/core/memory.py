"""This process's memory, as Linux reports it (`/proc/self/status`)."""

from __future__ import annotations

import resource
from pathlib import Path


def resident_mb(field: str = "VmRSS") -> float:
    """Resident memory now (`VmRSS`) or at its peak (`VmHWM`), in MB.

    The peak is not `ru_maxrss`: Linux carries that over from the parent through
    vfork and exec, so a child started by a bench holding a 1M-snippet index
    reported the bench's 1.5 GB as its own. Elsewhere than Linux: `ru_maxrss`.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
