"""Time Kenning's embedder on one family of llama.cpp's CPU kernels, on one thread.

The family is forced with KENNING_CPU_BACKEND (app/core/model/cpu_backend.py); the
figures in docs/BENCHMARKS-limits.md come from two interleaved passes of

    for f in haswell icelake zen4 skylakex; do
        KENNING_CPU_BACKEND=$f .venv/bin/python bench/time_cpu_variant.py; done

It embeds the stdlib's json/*.py (first 900 characters of each, 6 times over) after
one warm-up call and prints texts per second.
"""

from __future__ import annotations

import glob
import os
import sys
import sysconfig
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path


def main() -> None:
    files = sorted(glob.glob(sysconfig.get_paths()["stdlib"] + "/json/*.py"))
    texts = [Path(path).read_text(encoding="utf-8")[:900] for path in files] * 6
    embedder = Embedder(default_model_path(), n_threads=1)
    embedder.embed(texts[:2])
    started = time.perf_counter()
    embedder.embed(texts)
    family = os.environ.get("KENNING_CPU_BACKEND", "chosen")
    print(f"{family}: {len(texts) / (time.perf_counter() - started):.1f} texts/s")


if __name__ == "__main__":
    main()
