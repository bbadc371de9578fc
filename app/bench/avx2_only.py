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

import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

from app.core.model import cpu_backend

SOURCE = Path(__file__).with_name("cpuid_mask.c")
KERNELS = "haswell"  # llama.cpp's family for AVX2 + FMA + F16C
_BEYOND_AVX2 = ("avx512f", "avx_vnni", "amx_tile")


def cpu_flags() -> set[str]:
    """The processor's feature flags, as Linux reports them (empty elsewhere)."""
    return set(cpu_backend.processor_identity().partition(":")[2].split())


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


@functools.cache
def environment(workdir: Path) -> tuple[dict[str, str] | None, str | None]:
    """The environment of a process that sees AVX2 only, or None and why not.

    The mask is built into `workdir` once, then checked in a child process (numpy
    reports what its dispatcher sees): a system that refuses CPUID faulting gets no
    rows labelled AVX2-only. Cached: sections 1 and 2 ask for the same.
    """
    reason = unavailable()
    if reason is not None:
        return None, reason
    library = workdir / "cpuid_mask.so"
    if not library.exists():
        built = subprocess.run(["cc", "-O2", "-shared", "-fPIC", "-o", str(library), str(SOURCE)],
                               capture_output=True, text=True)
        if built.returncode != 0:
            return None, f"the CPUID mask did not build: {built.stderr.strip()[:200]}"
    env = {"LD_PRELOAD": str(library), cpu_backend.FORCE_ENV: KERNELS}
    seen = subprocess.run([sys.executable, "-c", _SEEN], capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=60)
    if seen.stdout.strip() != "AVX2":
        return None, (f"the CPUID mask did not take effect here (a masked process sees "
                      f"{seen.stdout.strip() or seen.stderr.strip()[:200]!r})")
    return env, None


# What numpy's dispatcher sees: "AVX2" alone, or the wider features it still finds.
_SEEN = """
import numpy as np
features = np._core._multiarray_umath.__cpu_features__
wider = sorted(k for k, v in features.items() if v and k.startswith(("AVX512", "AVX_VNNI")))
print(" ".join(wider) if wider else ("AVX2" if features["AVX2"] else "no AVX2"))
"""
