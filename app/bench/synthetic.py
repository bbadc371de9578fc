"""Fill a temporary index with N synthetic snippets, to measure search at scale.

The vectors are drawn from a Gaussian fitted to real snippet embeddings (their
mean and a shrunk covariance), then normalised: they have the anisotropy of
real MiniLM vectors, which matters for sign-bit codes, where isotropic random
vectors would flatter them. The texts are words drawn with a Zipf law from
the real corpus' vocabulary, so BM25 sees realistic posting lists. Rows go
through the same tables, triggers and code tables as `Store.write_file`, in
large transactions.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import apsw
import numpy as np

from app.core.store import schema
from app.core.store.store import ModelInfo, Store
from app.core.terms import identifier_words, path_words, symbol_key

SNIPPETS_PER_FILE = 20
WORDS_PER_SNIPPET = 30
LANGUAGES = (("python", "py"), ("javascript", "js"), ("go", "go"), ("rust", "rs"),
             ("java", "java"))
BATCH = 20_000
SHRINK = 0.1


@dataclass(frozen=True)
class VectorModel:
    """A Gaussian fitted to real unit vectors: mean and a Cholesky factor."""

    mean: np.ndarray
    factor: np.ndarray

    @classmethod
    def fit(cls, vectors: np.ndarray) -> VectorModel:
        x = np.asarray(vectors, dtype=np.float64)
        mean = x.mean(axis=0)
        cov = np.cov(x, rowvar=False)
        target = np.trace(cov) / len(cov) * np.eye(len(cov))
        cov = (1 - SHRINK) * cov + SHRINK * target
        return cls(mean, np.linalg.cholesky(cov))

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        z = rng.standard_normal((n, len(self.mean)))
        x = (z @ self.factor.T + self.mean).astype(np.float32)
        return x / np.linalg.norm(x, axis=1, keepdims=True)


def vocabulary(texts: Sequence[str], size: int = 5000) -> list[str]:
    """The most frequent words of `texts`, most frequent first."""
    counts = Counter(w.lower() for t in texts for w in re.findall(r"[A-Za-z_]{3,}", t))
    return [w for w, _ in counts.most_common(size)]


def fill_index(db: Path, n: int, model: ModelInfo, vectors: VectorModel, words: list[str],
               seed: int = 0) -> float:
    """Grow `db` (created if needed) to `n` synthetic snippets; seconds spent writing."""
    zipf = 1.0 / np.arange(1, len(words) + 1)
    zipf /= zipf.sum()
    parts = [identifier_words(w) for w in words]
    started = time.perf_counter()
    with Store(db) as store:
        store.bind_model(model)
        conn = store.conn
        with conn:
            conn.execute("INSERT OR IGNORE INTO roots(id, path, added_at, indexed_at) "
                         "VALUES (1, '/synthetic', 0, 0)")
        have = store.chunk_count()
        rng = np.random.default_rng([seed, have])
        for start in range(have, n, BATCH):
            count = min(BATCH, n - start)
            ids = list(range(start + 1, start + count + 1))
            picks = rng.choice(len(words), size=(count, WORDS_PER_SNIPPET), p=zipf)
            with conn:
                _write_batch(conn, ids, picks, words, parts, vectors.sample(count, rng))
    return time.perf_counter() - started


def _write_batch(conn: apsw.Connection, ids: list[int], picks: np.ndarray, words: list[str],
                 parts: list[str], vectors: np.ndarray) -> None:
    files = sorted({_file(i) for i in ids})
    conn.executemany(
        "INSERT OR IGNORE INTO files(id, root_id, path, rel_path, language, size, mtime_ns,"
        " hash, indexed_at) VALUES (?, 1, ?, ?, ?, 0, 0, '', 0)",
        ((f, f"/synthetic/{_rel(f)}", _rel(f), _language(f)[0]) for f in files))
    path_text = {f: path_words(_rel(f)) for f in files}
    texts = [" ".join(words[w] for w in row) for row in picks]
    conn.executemany(
        "INSERT INTO chunks(id, file_id, start_line, end_line, symbol, kind, language, text,"
        " header, content_hash) VALUES (?, ?, 1, 10, ?, 'function', ?, ?, '', '')",
        ((i, _file(i), f"{words[p[0]]}_{words[p[1]]}", _language(_file(i))[0], text)
         for i, p, text in zip(ids, picks, texts, strict=True)))
    conn.executemany("INSERT INTO chunk_vectors(rowid, embedding) VALUES (?, ?)",
                     zip(ids, (v.tobytes() for v in vectors), strict=True))
    # Each snippet defines its symbol, as a real function snippet does (name lookups).
    conn.executemany("INSERT INTO chunk_names(key, chunk_id, name) VALUES (?, ?, ?)",
                     ((symbol_key(words[p[0]] + words[p[1]]), i, f"{words[p[0]]}_{words[p[1]]}")
                      for i, p in zip(ids, picks, strict=True)))
    # identifier_words(text), computed once per vocabulary word.
    conn.executemany(
        "INSERT INTO chunk_fts(rowid, symbol, path, body) VALUES (?, ?, ?, ?)",
        ((i, f"{words[p[0]]} {words[p[1]]}", path_text[_file(i)],
          text + "\n" + " ".join(parts[w] for w in p if parts[w]))
         for i, p, text in zip(ids, picks, texts, strict=True)))
    schema.write_int8(conn, ids, vectors)


def _file(chunk_id: int) -> int:
    return (chunk_id - 1) // SNIPPETS_PER_FILE + 1


def _language(file_id: int) -> tuple[str, str]:
    return LANGUAGES[file_id % len(LANGUAGES)]


def _rel(file_id: int) -> str:
    return f"pkg{file_id % 97}/part{file_id % 13}/module{file_id}.{_language(file_id)[1]}"
