"""A personal matrix, fine-tuned on the documentation already in the user's index.

The indexed files are harvested the same way as the anchors' training data
(doc summary → code without docs). Files are split, a fixed share held out;
the new matrix is trained from the active one and installed only if it beats
it on the held-out files. The matrix it replaces is kept for `rollback`.
"""

from __future__ import annotations

import hashlib
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from app.core.bias.data.harvest import Pair, file_pairs, read_source, strip_docs
from app.core.bias.data.queries import search_style
from app.core.bias.embed_cache import EmbeddingCache
from app.core.bias.matrix import BiasMatrix
from app.core.bias.registry import active_bias, personal_path
from app.core.bias.train import TrainSettings, evaluate, train_matrix
from app.core.chunking.languages import detect_language
from app.core.engine import Engine
from app.core.errors import KenningError
from app.core.paths import cache_dir

MAX_PAIRS = 4000
MIN_PAIRS = 200
HELD_OUT_SHARE = 0.2

Notify = Callable[[str], None]


@dataclass(frozen=True)
class PersonalOutcome:
    pairs: int
    baseline_mrr: float
    new_mrr: float
    installed: bool
    path: Path | None


def harvest_index(engine: Engine, notify: Notify) -> list[Pair]:
    """Pairs from every indexed file that documents its functions."""
    with engine.open_store(readonly=True) as store:
        files = [row for row in store.conn.execute("SELECT path, rel_path FROM files")]
    embedder = engine.query_embedder()
    pairs: list[Pair] = []
    for path, rel in files:
        language = detect_language(rel)
        text = read_source(Path(path)) if language else None
        if text is None or language is None:
            continue
        pairs.extend(file_pairs(strip_docs(text, rel, language), path, embedder.count_tokens))
    notify(f"{len(pairs)} documented functions in {len(files)} indexed files")
    return pairs


def _held_out(pair: Pair) -> bool:
    digest = hashlib.sha256(pair.repo.encode()).digest()[0]
    return digest < 256 * HELD_OUT_SHARE


def train_personal(engine: Engine, notify: Notify, settings: TrainSettings | None = None
                   ) -> PersonalOutcome:
    pairs = harvest_index(engine, notify)
    if len(pairs) < MIN_PAIRS:
        raise KenningError(f"only {len(pairs)} documented functions in the index; "
                           f"a personal matrix needs at least {MIN_PAIRS}")
    rng = random.Random(0)
    if len(pairs) > MAX_PAIRS:
        pairs = rng.sample(pairs, MAX_PAIRS)
    cache = EmbeddingCache(cache_dir() / "bias-embeddings", engine.query_embedder())
    queries = cache.embed([search_style(p.query, rng) for p in pairs])
    codes = cache.embed([p.code for p in pairs],
                        lambda done, total: notify(f"embedded {done}/{total} snippets"))
    held = np.array([_held_out(p) for p in pairs])
    fingerprint = engine.model_fingerprint()
    current = active_bias(fingerprint)
    start = current.matrix.weights if current else None
    doc = current.matrix.doc_weights if current else None
    # Only the query side is fine-tuned: the snippet side (if any) stays the shipped one.
    settings = (replace(settings, sides="query") if settings
                else TrainSettings(epochs=15, l2=1e-2, tau=0.03, sides="query"))
    result = train_matrix(queries[~held], codes[~held], queries[held], codes[held], settings,
                          notify, start, doc)
    baseline = evaluate(queries[held], codes[held], start, doc)
    installed = result.after.mrr > baseline.mrr
    path = None
    if installed:
        path = install_personal(fingerprint, BiasMatrix(result.weights, {
            "name": "personal", "trained_on": f"{len(pairs)} pairs from the user's index",
            "validation_mrr_before": round(baseline.mrr, 4),
            "validation_mrr_after": round(result.after.mrr, 4),
            "model_fingerprint": fingerprint}, result.doc_weights))
    return PersonalOutcome(len(pairs), baseline.mrr, result.after.mrr, installed, path)


def install_personal(fingerprint: str, matrix: BiasMatrix) -> Path:
    """Install `matrix` as the personal one, keeping the one it replaces for rollback."""
    path = personal_path(fingerprint)
    if path.exists():
        shutil.copy2(path, _previous(path))
        shutil.copy2(path.with_suffix(".json"), _previous(path).with_suffix(".json"))
    matrix.save(path)
    return path


def rollback(fingerprint: str) -> str:
    """Go back one step: to the previous personal matrix, else to the shipped one."""
    path = personal_path(fingerprint)
    if not path.exists():
        raise KenningError("no personal bias matrix is installed: nothing to roll back")
    previous = _previous(path)
    if previous.exists():
        previous.replace(path)
        previous.with_suffix(".json").replace(path.with_suffix(".json"))
        return "restored the previous personal matrix"
    path.unlink()
    path.with_suffix(".json").unlink(missing_ok=True)
    return "removed the personal matrix: the shipped one applies again"


def _previous(path: Path) -> Path:
    return path.with_name(path.stem + ".previous.npy")
