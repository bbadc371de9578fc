"""Unpack the llama-cpp-python sdist and apply Kenning's fixes before `make` builds the wheel.

Usage: python packaging/llama_source.py SDIST.tar.gz DEST

Three changes. A change that no longer finds its text stops the build: a new llama.cpp
must be checked again, not patched blindly.

- The AMX tile configuration. GCC 12 (Debian 12's compiler) drops the stores that fill
  llama.cpp's AMX tile configuration (`ggml_tile_config_init`: a local struct whose
  address only `_tile_loadconfig` reads), so the `sapphirerapids` kernels load a
  configuration with no rows and die with SIGILL at their first tile instruction.
  Kenning's kernel probe then falls back to `zen4`, at half the speed on an AMX
  processor (measured: 4,125 against 8,195 tokens/s, `docs/BENCHMARKS-limits.md`). A
  compiler barrier keeps the stores.
- Q8_0 products on AVX2-only processors (`llama_q8_0_rows.cpp`, beside this file). The
  `haswell` kernels' Q8_0 loop is bound by the per-block scales; the added kernel
  quantizes each row once instead and runs 1.3x as fast on one lane, with vectors
  nearer the fp32 model's (`docs/BENCHMARKS-limits.md`, 6 Dec). Only the `haswell`
  family compiles it (AVX2 without AVX-512 or AVX-VNNI).
- Scalar loops of the CPU operators (flash attention's tiles, GELU, the cast of keys
  and values) done eight values at a time, the results bit for bit the same
  (`llama_exact_loops.py`, beside this file): one lane 1.15-1.22x as fast.
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

from llama_exact_loops import EDITS, Edit

# Python 3.11.4+ checks each member (no absolute paths, links out of `dest`, devices).
_SAFE = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
TILE_CONFIG = "ggml/src/ggml-cpu/amx/mmq.cpp"
BEFORE = "    _tile_loadconfig(&tc);\n"
AFTER = ('    __asm__ __volatile__("" : : "r"(&tc) : "memory");  // GCC 12: keep the stores\n'
         + BEFORE)


def unpack(sdist: Path, dest: Path) -> Path:
    """Extract `sdist` into `dest` (its single top folder stripped); return `dest`."""
    with tarfile.open(sdist) as archive:
        members = archive.getmembers()
        if not members:
            raise SystemExit(f"{sdist}: an empty archive")
        top = members[0].name.split("/", 1)[0]
        for member in members:
            name = member.name.split("/", 1)[1] if "/" in member.name else ""
            if not name or name.startswith(("/", "..")) or "/../" in name:
                continue
            member.name = name
            archive.extract(member, dest, **_SAFE)
    if not (dest / "vendor" / "llama.cpp").is_dir():
        raise SystemExit(f"{sdist}: no vendor/llama.cpp under {top}/")
    return dest


TILE_FIX = (Edit(TILE_CONFIG, BEFORE, AFTER),)

SGEMM = "ggml/src/ggml-cpu/llamafile/sgemm.cpp"
Q8_0_KERNEL = Path(__file__).with_name("llama_q8_0_rows.cpp")
# The headers it needs, the kernel after tinyBLAS_Q0_AVX, and the call for Q8_0 weights
# with F32 activations before the Q8_0 x Q8_0 one.
Q8_0_INCLUDES = ("#include <type_traits>\n",
                 "#include <memory>\n#include <mutex>\n#include <unordered_map>\n"
                 "#include <vector>\n")
Q8_0_AFTER_CLASS = "    __m128i iq4nlt;\n};\n#endif // __AVX__\n"
Q8_0_CASE = "    case GGML_TYPE_Q8_0: {\n"
Q8_0_CALL = """#if defined(KENNING_Q8_0_ROWS)
        if (Btype == GGML_TYPE_F32 && k * QK8_0 <= tinyBLAS_Q8_0_rows::K_MAX) {
            tinyBLAS_Q8_0_rows tb{k, (const block_q8_0 *)A, lda, (const float *)B, ldb,
                                  (float *)C, ldc, params->ith, params->nth};
            tb.matmul(m, n);
            return true;
        }
#endif
"""
Q8_0_ROWS = (
    Edit(SGEMM, Q8_0_INCLUDES[0], Q8_0_INCLUDES[0] + Q8_0_INCLUDES[1]),
    Edit(SGEMM, Q8_0_AFTER_CLASS,
         Q8_0_AFTER_CLASS + "\n" + Q8_0_KERNEL.read_text(encoding="utf-8")),
    Edit(SGEMM, Q8_0_CASE, Q8_0_CASE + Q8_0_CALL),
)


def apply_edits(source: Path, edits: tuple[Edit, ...], subject: str, expecter: str) -> None:
    """Make each edit once: one already made is left; text found other than once stops
    the build ("SUBJECT is not where EXPECTER it")."""
    for edit in edits:
        path = source / "vendor" / "llama.cpp" / edit.path
        text = path.read_text(encoding="utf-8")
        if edit.new in text:
            continue
        if text.count(edit.old) != 1:
            raise SystemExit(f"{path}: {subject} is not where {expecter} it "
                             f"({edit.old.strip().splitlines()[0]!r})")
        path.write_text(text.replace(edit.old, edit.new), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    source = unpack(Path(argv[0]), Path(argv[1]))
    apply_edits(source, TILE_FIX, "the AMX tile configuration", "the fix expects")
    apply_edits(source, Q8_0_ROWS, "tinyBLAS", "the AVX2 Q8_0 kernel expects")
    apply_edits(source, EDITS, "a loop", "Kenning's exact vector loops expect")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
