"""What runs on a Ray worker: one embedding model, one llama.cpp thread.

The driver puts the model file's bytes in Ray's object store once; each
worker keeps one copy per machine in its temporary folder, loads it with the
same `Embedder` as a local run and checks its fingerprint (sha256) against the
driver's: a copy that differs is deleted, so the next run writes it again.
One thread per worker, one worker per CPU: no thread barrier inside a graph,
and the vectors are bit-for-bit those of a local run (the thread count does
not change them: docs/BENCHMARKS-limits.md).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from app.core.errors import ModelError
from app.core.model.embedder import Embedder


def node_model_file(blob: bytes, fingerprint: str, name: str) -> Path:
    """The model on this machine, written once (atomically)."""
    folder = Path(tempfile.gettempdir()) / f"kenning-{os.getuid()}" / "models" / fingerprint
    path = folder / name
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        part = folder / f".{name}.{os.getpid()}"
        part.write_bytes(blob)
        os.replace(part, path)
    return path


class EmbedWorker:
    """A Ray actor (wrapped by `ray.remote` in pool.py, so this module imports without Ray)."""

    def __init__(self, blob: bytes, fingerprint: str, name: str) -> None:
        path = node_model_file(blob, fingerprint, name)
        try:
            self._embedder = Embedder(path, n_threads=1)
            if self._embedder.fingerprint != fingerprint:
                raise ModelError(f"the model {name} on this worker is not the driver's "
                                 "(sha256 differs)")
        except ModelError:
            path.unlink(missing_ok=True)  # damaged: written again by the next run
            raise

    def ready(self) -> None:
        """Returns once the model is loaded (a call the driver waits on)."""

    def embed(self, texts: list[str]) -> np.ndarray:
        return self._embedder.embed(texts)
