"""The CPU-kernel probe's file names and processor identity on Linux, Windows and macOS.

Pure logic over file names, run on any machine (the probe itself, with the real
libraries, is tests/model/test_cpu_backend.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.model import cpu_backend

FAMILIES = ("x64", "haswell", "skylakex")


@pytest.mark.parametrize(("system", "names"), [
    ("linux", ["libggml-cpu-x64.so", "libggml-cpu-haswell.so", "libggml-cpu-skylakex.so"]),
    ("darwin", ["libggml-cpu-x64.so", "libggml-cpu-haswell.so", "libggml-cpu-skylakex.so"]),
    ("win32", ["ggml-cpu-x64.dll", "ggml-cpu-haswell.dll", "ggml-cpu-skylakex.dll"]),
])
def test_variants_are_found_by_each_platforms_file_names(system: str, names: list[str],
                                                         tmp_path: Path) -> None:
    for name in [*names, "libggml.so", "ggml.dll", "libllama.so", "ggml-base.dll"]:
        (tmp_path / name).write_bytes(b"")
    assert [cpu_backend.kernel_file_name(f, system) for f in FAMILIES] == names
    assert set(cpu_backend.variants_in(tmp_path, system)) == set(FAMILIES)


@pytest.mark.parametrize(("system", "files", "expected"), [
    ("linux", ["libggml.so", "libggml.so.0", "libggml.so.0.25.3", "libggml-base.so.0"],
     ["libggml.so.0"]),
    ("darwin", ["libggml.0.25.3.dylib", "libggml.dylib", "libggml-base.dylib"],
     ["libggml.dylib", "libggml.0.25.3.dylib"]),
    ("win32", ["ggml-base.dll", "ggml.dll", "llama.dll"], ["ggml.dll"]),
    ("linux", ["libllama.so"], []),
])
def test_core_library_names(system: str, files: list[str], expected: list[str]) -> None:
    assert cpu_backend.core_library_names(files, system) == expected


def test_processor_identity_without_proc_cpuinfo(tmp_path: Path) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text("processor\t: 0\nflags\t\t: fpu sse2 avx2\n")
    assert cpu_backend.processor_identity(cpuinfo) == "flags\t\t: fpu sse2 avx2"
    missing = cpu_backend.processor_identity(tmp_path / "absent")  # Windows, macOS
    assert missing.strip()  # the machine and processor names stand in
