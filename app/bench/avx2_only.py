"""Run a bench contender as on an AVX2-only processor, on a processor with more.

The speed targets name 2-core machines with AVX2 only (what laptops have), and
both Kenning and its ONNX Runtime peer choose their kernels by what the
processor reports: on an AVX-512 or AMX machine the peer's int8 products run
on AMX tiles and Kenning's on its AMX kernels, a comparison that says little
about a laptop. `cpuid_mask.c`, preloaded into a contender's process, makes
every CPUID instruction report no AVX-512, AVX-VNNI or AMX (Linux's CPUID
faulting), so each library takes its AVX2 kernels; Kenning is also told to load
llama.cpp's AVX2 family (`haswell`), the one it picks on such a processor. The
core, its caches and its clock stay this machine's: same instruction set as a
laptop, not the same laptop.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from app.core.model import cpu_backend

SOURCE = Path(__file__).with_name("cpuid_mask.c")
KERNELS = "haswell"  # llama.cpp's family for AVX2 + FMA + F16C
_BEYOND_AVX2 = ("avx512f", "avx_vnni", "amx_tile")


def cpu_flags() -> set[str]:
    """The processor's feature flags, as Linux reports them (empty elsewhere)."""
    try:
        text = Path("/proc/cpuinfo").read_text("ascii", errors="replace")
    except OSError:
        return set()
    for line in text.splitlines():
        if line.startswith("flags"):
            return set(line.partition(":")[2].split())
    return set()


def unavailable() -> str | None:
    """Why the AVX2-only runs cannot be made here, or None when they can."""
    flags = cpu_flags()
    if "avx2" not in flags:
        return "this processor has no AVX2"
    if not flags.intersection(_BEYOND_AVX2):
        return "this processor has AVX2 only: the main rows are the AVX2-only figures"
    if "cpuid_fault" not in flags:
        return "Linux offers no CPUID faulting here (no cpuid_fault flag)"
    if shutil.which("cc") is None:
        return "no C compiler (cc) to build the CPUID mask"
    return None


def environment(workdir: Path) -> dict[str, str]:
    """The environment of a process that sees AVX2 only (the mask built into `workdir`)."""
    library = workdir / "cpuid_mask.so"
    if not library.exists():
        subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(library), str(SOURCE)],
                       check=True, capture_output=True)
    return {"LD_PRELOAD": str(library), cpu_backend.FORCE_ENV: KERNELS}
