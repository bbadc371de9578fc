"""The whole Python standard library, chunked with the real tokenizer.

Two worker processes share the files (the machine has two cores); each
checks every invariant on its own share and reports sizes for the summary.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sysconfig
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from chunk_helpers import check_snippets, make_real_counter, tokenizer_path

from app.core.chunking.chunker import chunk_text
from app.core.chunking.languages import detect_language

STDLIB = Path(sysconfig.get_paths()["stdlib"])
WORKERS = 2

_count = None


def _init_worker() -> None:
    global _count
    assert tokenizer_path() is not None
    _count = make_real_counter()


def _chunk_files(paths: list[str]) -> tuple[list[int], dict[str, int], float]:
    assert _count is not None
    sizes: list[int] = []
    kinds: dict[str, int] = {}
    seconds = 0.0
    for name in paths:
        text = (STDLIB / name).read_text(encoding="utf-8", errors="replace")
        started = time.perf_counter()
        snippets = chunk_text(text, name, detect_language(name, text[:200]), _count)
        seconds += time.perf_counter() - started
        sizes.extend(check_snippets(snippets, text, _count, 256))
        for snippet in snippets:
            kinds[snippet.kind] = kinds.get(snippet.kind, 0) + 1
    return sizes, kinds, seconds


@pytest.mark.slow
def test_chunk_the_standard_library(real_count):
    if not (STDLIB / "json" / "decoder.py").is_file():
        pytest.skip("no standard library sources next to this interpreter")
    names = sorted(
        str(path.relative_to(STDLIB))
        for path in STDLIB.rglob("*.py")
        if "site-packages" not in path.parts and path.is_file()
    )
    assert len(names) > 1000
    shares = [names[k::WORKERS] for k in range(WORKERS)]
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_init_worker) as pool:
        results = list(pool.map(_chunk_files, shares))
    sizes = sorted(size for share, _, _ in results for size in share)
    kinds: dict[str, int] = {}
    for _, share, _ in results:
        for kind, n in share.items():
            kinds[kind] = kinds.get(kind, 0) + n
    seconds = max(elapsed for _, _, elapsed in results)
    print(
        f"\nstdlib: {len(names)} files, {len(sizes)} snippets, chunking {seconds:.1f}s per worker; "
        f"tokens min {sizes[0]} median {statistics.median(sizes):.0f} max {sizes[-1]}; {kinds}"
    )
    assert sizes[-1] <= 256
    assert kinds.get("window", 0) < 0.01 * len(sizes)
    assert {"function", "method", "class", "block"} <= kinds.keys()
