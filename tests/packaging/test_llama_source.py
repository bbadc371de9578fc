"""packaging/llama_source.py: llama-cpp-python's sources unpacked and fixed before `make` builds.

Real tar archives on disk, laid out as the sdist is; the script run as the Makefile runs it.
"""

from __future__ import annotations

import importlib.util
import io
import subprocess
import sys
import tarfile
from pathlib import Path

from tests.conftest import REPO

SCRIPT = REPO / "packaging" / "llama_source.py"
MMQ = "vendor/llama.cpp/ggml/src/ggml-cpu/amx/mmq.cpp"
TILE_CONFIG = ("inline void ggml_tile_config_init(void) {\n"
               "    alignas(64) tile_config_t tc = {};\n"
               "    tc.palette_id = 1;\n"
               "    _tile_loadconfig(&tc);\n"
               "    done = true;\n"
               "}\n")
SGEMM = "vendor/llama.cpp/ggml/src/ggml-cpu/llamafile/sgemm.cpp"
# The three places of tinyBLAS's sources the AVX2 Q8_0 kernel goes (as in llama.cpp).
TINYBLAS = ("#include <array>\n#include <type_traits>\n\n"
            "class tinyBLAS_Q0_AVX {\n    __m128i iq4nlt;\n};\n#endif // __AVX__\n\n"
            "bool llamafile_sgemm() {\n    switch (Atype) {\n"
            "    case GGML_TYPE_Q8_0: {\n        if (Btype != GGML_TYPE_Q8_0)\n"
            "           return false;\n    }\n    }\n}\n")


def _exact_loops():  # packaging/ is not a package: the module as llama_source.py imports it
    spec = importlib.util.spec_from_file_location(
        "llama_exact_loops", REPO / "packaging" / "llama_exact_loops.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


LOOPS = _exact_loops()
# The loops' files as llama.cpp has them: each loop to rewrite, with text between them.
LOOP_FILES = {f"vendor/llama.cpp/{path}": "\n// other code\n".join(
    edit.old for edit in LOOPS.EDITS if edit.path == path) for path in (LOOPS.OPS, LOOPS.VEC)}


def _sdist(path: Path, files: dict[str, str], loops: bool = True) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, text in {**(LOOP_FILES if loops else {}), **files}.items():
            data = text.encode()
            info = tarfile.TarInfo(f"llama_cpp_python-0.3.36/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _run(sdist: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(sdist), str(dest)],
                          capture_output=True, text=True, timeout=60)


def test_unpacks_without_the_top_folder_and_keeps_the_tile_configuration(tmp_path: Path) -> None:
    sdist = _sdist(tmp_path / "s.tar.gz", {"pyproject.toml": "[project]\n", MMQ: TILE_CONFIG,
                                           SGEMM: TINYBLAS})
    proc = _run(sdist, tmp_path / "tree")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "tree" / "pyproject.toml").read_text() == "[project]\n"
    fixed = (tmp_path / "tree" / MMQ).read_text()
    barrier = fixed.index('__asm__ __volatile__("" : : "r"(&tc) : "memory");')
    assert fixed.index("tc.palette_id = 1;") < barrier < fixed.index("_tile_loadconfig(&tc);")
    # Run again on the same tree: fixed once, not twice.
    assert _run(sdist, tmp_path / "tree").returncode == 0
    assert (tmp_path / "tree" / MMQ).read_text() == fixed


def test_the_avx2_q8_0_kernel_goes_in_once_and_is_called_for_f32_activations(
        tmp_path: Path) -> None:
    sdist = _sdist(tmp_path / "s.tar.gz", {MMQ: TILE_CONFIG, SGEMM: TINYBLAS})
    assert _run(sdist, tmp_path / "tree").returncode == 0
    fixed = (tmp_path / "tree" / SGEMM).read_text()
    kernel = (REPO / "packaging" / "llama_q8_0_rows.cpp").read_text()
    assert fixed.count(kernel) == 1
    assert fixed.index("#include <mutex>") < fixed.index("class tinyBLAS_Q0_AVX")
    assert fixed.index("class tinyBLAS_Q0_AVX") < fixed.index("class tinyBLAS_Q8_0_rows")
    case = fixed.index("    case GGML_TYPE_Q8_0: {")
    call = fixed.index("if (Btype == GGML_TYPE_F32 && k * QK8_0 <= tinyBLAS_Q8_0_rows::K_MAX)")
    assert case < call < fixed.index("if (Btype != GGML_TYPE_Q8_0)")
    assert _run(sdist, tmp_path / "tree").returncode == 0
    assert (tmp_path / "tree" / SGEMM).read_text() == fixed


def test_the_exact_loops_replace_each_scalar_loop_once(tmp_path: Path) -> None:
    sdist = _sdist(tmp_path / "s.tar.gz", {MMQ: TILE_CONFIG, SGEMM: TINYBLAS})
    assert _run(sdist, tmp_path / "tree").returncode == 0
    fixed = {name: (tmp_path / "tree" / name).read_text() for name in LOOP_FILES}
    for edit in LOOPS.EDITS:
        text = fixed[f"vendor/llama.cpp/{edit.path}"]
        assert text.count(edit.new) == 1
    ops = fixed[f"vendor/llama.cpp/{LOOPS.OPS}"]
    assert "Q_TILE_SZ, DK, KV_TILE_SZ" not in ops and "_mm256_cvtph_ps" in ops
    assert "ggml_cpu_fp32_to_fp16(src0_ptr, dst_ptr + id, ne00);" in ops
    assert "_mm256_max_ps" in fixed[f"vendor/llama.cpp/{LOOPS.VEC}"]
    # Run again on the same tree: each loop rewritten once, not twice.
    assert _run(sdist, tmp_path / "tree").returncode == 0
    assert {name: (tmp_path / "tree" / name).read_text() for name in LOOP_FILES} == fixed


def test_a_loop_that_moved_stops_the_build(tmp_path: Path) -> None:
    ops = f"vendor/llama.cpp/{LOOPS.OPS}"
    moved = LOOP_FILES[ops].replace("simd_gemm(VKQ32, KQ, V32, Q_TILE_SZ,",
                                    "simd_gemm(VKQ32, KQ, V,")
    files = {MMQ: TILE_CONFIG, SGEMM: TINYBLAS, ops: moved}
    proc = _run(_sdist(tmp_path / "s.tar.gz", files), tmp_path / "tree")
    assert proc.returncode != 0
    assert "not where Kenning's exact vector loops expect it" in proc.stderr
    assert "simd_gemm(VKQ32" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_tinyblas_the_kernel_does_not_recognise_stops_the_build(tmp_path: Path) -> None:
    moved = TINYBLAS.replace("    case GGML_TYPE_Q8_0: {\n", "    case GGML_TYPE_Q8_0:\n")
    proc = _run(_sdist(tmp_path / "s.tar.gz", {MMQ: TILE_CONFIG, SGEMM: moved}),
                tmp_path / "tree")
    assert proc.returncode != 0
    assert "not where the AVX2 Q8_0 kernel expects it" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_source_the_fix_does_not_recognise_stops_the_build(tmp_path: Path) -> None:
    moved = TILE_CONFIG.replace("    _tile_loadconfig(&tc);\n", "    load_config(tc);\n")
    proc = _run(_sdist(tmp_path / "s.tar.gz", {MMQ: moved, SGEMM: TINYBLAS}), tmp_path / "tree")
    assert proc.returncode != 0
    assert "not where the fix expects it" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_archive_without_llama_cpp_is_refused(tmp_path: Path) -> None:
    proc = _run(_sdist(tmp_path / "s.tar.gz", {"README.md": "x\n"}, loops=False),
                tmp_path / "tree")
    assert proc.returncode != 0
    assert "no vendor/llama.cpp" in proc.stderr
