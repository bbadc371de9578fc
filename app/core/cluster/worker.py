"""What runs on a Ray worker: one embedding model, one llama.cpp thread.

The driver puts the model file's bytes in Ray's object store once; each
worker checks them against the driver's fingerprint (sha256), keeps one copy
per machine in its temporary folder and loads it with the same `Embedder` as
a local run. One thread per worker, one worker per CPU: no thread barrier
inside a graph, and the vectors are bit-for-bit those of a local run (the
thread count does not change them: docs/BENCHMARKS-limits.md).
"""

from __future__ import annotations

import hashlib
import os
import socket
import tempfile
from pathlib import Path

import numpy as np

from app.core.errors import ModelError
from app.core.model.embedder import Embedder


def node_model_file(blob: bytes, fingerprint: str, name: str) -> Path:
    """The model on this machine, written once (atomically) after checking its bytes."""
    if hashlib.sha256(blob).hexdigest() != fingerprint:
        raise ModelError(f"the model {name} reached this worker damaged (sha256 differs)")
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
        self._embedder = Embedder(node_model_file(blob, fingerprint, name), n_threads=1)
        if self._embedder.fingerprint != fingerprint:
            raise ModelError(f"the model {name} on this worker is not the driver's")

    def describe(self) -> dict[str, object]:
        return {"fingerprint": self._embedder.fingerprint, "dim": self._embedder.dim,
                "host": socket.gethostname(), "pid": os.getpid()}

    def embed(self, texts: list[str]) -> np.ndarray:
        return self._embedder.embed(texts)
