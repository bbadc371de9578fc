"""packaging/llama_source.py: llama-cpp-python's sources unpacked and fixed before `make` builds.

Real tar archives on disk, laid out as the sdist is; the script run as the Makefile runs it.
"""

from __future__ import annotations

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


def _sdist(path: Path, files: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"llama_cpp_python-0.3.36/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def _run(sdist: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(sdist), str(dest)],
                          capture_output=True, text=True, timeout=60)


def test_unpacks_without_the_top_folder_and_keeps_the_tile_configuration(tmp_path: Path) -> None:
    sdist = _sdist(tmp_path / "s.tar.gz", {"pyproject.toml": "[project]\n", MMQ: TILE_CONFIG})
    proc = _run(sdist, tmp_path / "tree")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "tree" / "pyproject.toml").read_text() == "[project]\n"
    fixed = (tmp_path / "tree" / MMQ).read_text()
    barrier = fixed.index('__asm__ __volatile__("" : : "r"(&tc) : "memory");')
    assert fixed.index("tc.palette_id = 1;") < barrier < fixed.index("_tile_loadconfig(&tc);")
    # Run again on the same tree: fixed once, not twice.
    assert _run(sdist, tmp_path / "tree").returncode == 0
    assert (tmp_path / "tree" / MMQ).read_text() == fixed


def test_a_source_the_fix_does_not_recognise_stops_the_build(tmp_path: Path) -> None:
    moved = TILE_CONFIG.replace("    _tile_loadconfig(&tc);\n", "    load_config(tc);\n")
    proc = _run(_sdist(tmp_path / "s.tar.gz", {MMQ: moved}), tmp_path / "tree")
    assert proc.returncode != 0
    assert "not where the fix expects it" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_an_archive_without_llama_cpp_is_refused(tmp_path: Path) -> None:
    proc = _run(_sdist(tmp_path / "s.tar.gz", {"README.md": "x\n"}), tmp_path / "tree")
    assert proc.returncode != 0
    assert "no vendor/llama.cpp" in proc.stderr
