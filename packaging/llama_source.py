"""Unpack the llama-cpp-python sdist and apply Kenning's fixes before `make` builds the wheel.

Usage: python packaging/llama_source.py SDIST.tar.gz DEST

One fix today. GCC 12 (Debian 12's compiler) drops the stores that fill llama.cpp's
AMX tile configuration (`ggml_tile_config_init`: a local struct whose address only
`_tile_loadconfig` reads), so the `sapphirerapids` kernels load a configuration with
no rows and die with SIGILL at their first tile instruction. Kenning's kernel probe
then falls back to `zen4`, at half the speed on an AMX processor (measured: 4,125
against 8,195 tokens/s, `docs/BENCHMARKS-limits.md`). A compiler barrier keeps the
stores. A fix that no longer finds its text stops the build: a new llama.cpp must
be checked again, not patched blindly.
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

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


def fix_tile_config(source: Path) -> None:
    """Put the compiler barrier before the tile configuration is loaded (once)."""
    path = source / "vendor" / "llama.cpp" / TILE_CONFIG
    text = path.read_text(encoding="utf-8")
    if AFTER in text:
        return
    if text.count(BEFORE) != 1:
        raise SystemExit(f"{path}: the AMX tile configuration is not where the fix expects it")
    path.write_text(text.replace(BEFORE, AFTER), encoding="utf-8")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    fix_tile_config(unpack(Path(argv[0]), Path(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
