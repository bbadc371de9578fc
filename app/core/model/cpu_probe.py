"""The child side of the CPU-kernel probe (app/core/model/cpu_backend.py).

Run as `python -m app.core.model.cpu_probe score LIBRARY...` (ggml's rating of
each family's library, by file name) or `... embed MODEL` (the probe texts'
vectors, with the family to load in $KENNING_CPU_BACKEND). A child process,
because a family the CPU cannot run dies of SIGILL, and that must not be the
app. Its own module so that the embedder, which loads a family through
cpu_backend, and the probe, which embeds with the embedder, do not import
each other.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from app.core.model.cpu_backend import PROBE_TEXTS, score
from app.core.model.embedder import Embedder


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[0] == "score":
        print(json.dumps({Path(path).name: score(Path(path)) for path in argv[1:]}))
        return 0
    embedder = Embedder(Path(argv[1]), n_threads=1)
    print(json.dumps(embedder.embed(list(PROBE_TEXTS)).tolist()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
