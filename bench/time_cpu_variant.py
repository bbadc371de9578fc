"""Time Kenning's embedder on one runtime-dispatched llama.cpp CPU variant.

Run with the interpreter of an environment whose llama-cpp-python was built with
`-DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON` and whose `libggml-cpu-*.so` files
were copied into `llama_cpp/lib` (see docs/BENCHMARKS-limits.md):

    <venv>/bin/python bench/time_cpu_variant.py icelake

The variant is loaded by hand into the `libggml` that `libllama` uses (the wheel
puts a second copy elsewhere); then 72 stdlib texts are embedded on one thread.
"""

from __future__ import annotations

import ctypes
import glob
import os
import sys
import sysconfig
import time
from pathlib import Path

import llama_cpp

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path


def main(variant: str) -> None:
    with open("/proc/self/maps") as maps:
        loaded = sorted({line.split()[-1] for line in maps if "libggml.so" in line})
    ggml = ctypes.CDLL(loaded[0])
    ggml.ggml_backend_load.restype = ctypes.c_void_p
    ggml.ggml_backend_load.argtypes = [ctypes.c_char_p]
    lib = os.path.join(os.path.dirname(llama_cpp.__file__), "lib")
    ggml.ggml_backend_load(os.path.join(lib, f"libggml-cpu-{variant}.so").encode())
    files = sorted(glob.glob(sysconfig.get_paths()["stdlib"] + "/json/*.py"))
    texts = [Path(path).read_text(encoding="utf-8")[:900] for path in files] * 8
    embedder = Embedder(default_model_path(), n_threads=1)
    embedder.embed(texts[:2])
    started = time.perf_counter()
    embedder.embed(texts)
    print(f"{variant}: {len(texts) / (time.perf_counter() - started):.1f} texts/s")


if __name__ == "__main__":
    main(sys.argv[1])
