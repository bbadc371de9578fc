"""A candidate's file meaning: its file's centroid against the query, read from a real
index."""

from __future__ import annotations

import shutil
from pathlib import Path

import apsw
import numpy as np
import pytest

from app.core.chunking.snippet import Snippet
from app.core.engine import Engine, EngineConfig
from app.core.search.candidates import load_candidates
from app.core.search.file_meaning import add_file_meaning
from app.core.store.codes import split_int8
from app.core.store.store import Store
from tests.conftest import IndexedTree, run_kenning

FILES = {
    "lone.py": "def lone(path):\n    return open(path).read()\n",
    "pair.py": ("def parse_header(line):\n    name, _, value = line.partition(':')\n"
                "    return name.strip().lower(), value.strip()\n\n\n"
                "def format_header(name, value):\n    return f'{name.title()}: {value}'\n"),
    "big.py": "".join(f"def step_{i}(values):\n" + "".join(
        f"    values = [v * {i} + {j} for v in values if v > {j}]\n" for j in range(12))
        + "    return values\n\n\n" for i in range(6)),
}


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> IndexedTree:
    """Three real files indexed: one, two and six functions."""
    root = tmp_path_factory.mktemp("files")
    for name, text in FILES.items():
        (root / name).write_text(text)
    db = tmp_path_factory.mktemp("db") / "small.db"
    run = run_kenning(["index", root, "--db", db])
    assert run.code == 0, run.err
    return IndexedTree(root, db, run)


def _unit_vectors(conn: apsw.Connection, chunk_ids: list[int]) -> np.ndarray:
    blobs = [conn.execute("SELECT vec FROM vector_q8 WHERE chunk_id = ?", (i,)).fetchone()[0]
             for i in chunk_ids]
    scales, q8 = split_int8(blobs)
    vectors = q8.astype(np.float32) * scales[:, None]
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _chunks(conn: apsw.Connection, name: str) -> list[int]:
    return [i for (i,) in conn.execute(
        "SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id WHERE f.rel_path = ? "
        "ORDER BY c.id", (name,))]


def test_a_candidate_is_scored_by_its_whole_file(small_index: IndexedTree,
                                                  tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(small_index.db, db)
    with Store(db) as store:  # a file written for keyword search, not embedded yet
        root = store.conn.execute("SELECT id FROM roots").fetchone()[0]
        store.write_file(root_id=root, path=str(small_index.root / "new.py"),
                         rel_path="new.py", language="python", size=1, mtime_ns=1,
                         content_hash="new", vectors=[None],
                         snippets=[Snippet("new.py", "python", "new", "function", 1, 2,
                                           "def new(): pass", "new.py")])
    engine = Engine(EngineConfig.from_options(str(db)))
    with engine.open_store(readonly=True) as store, store.conn:
        conn = store.conn
        lone, (first, second), big = (_chunks(conn, "lone.py"), _chunks(conn, "pair.py"),
                                      _chunks(conn, "big.py"))
        assert len(lone) == 1 and len(big) == 6
        query = _unit_vectors(conn, [second])[0]
        pair_sum = _unit_vectors(conn, [first, second]).sum(axis=0)
        big_sum = _unit_vectors(conn, big).sum(axis=0)
        ids = [lone[0], first, second, big[0], big[3], *_chunks(conn, "new.py")]
        candidates = load_candidates(conn, ids, {}, {}, None, None)
        add_file_meaning(conn, candidates, query, None)
    by_id = {c.chunk_id: c for c in candidates}
    # One snippet in its file: its meaning is the snippet's own, already counted.
    assert by_id[lone[0]].file_dense is None
    # More: the centroid of all of them, the same for each.
    pair = float(pair_sum @ query / np.linalg.norm(pair_sum))
    assert by_id[first].file_dense == pytest.approx(pair, abs=1e-4)
    assert by_id[second].file_dense == pytest.approx(pair, abs=1e-4)
    assert pair < 0.999  # the other snippet counts
    whole = float(big_sum @ query / np.linalg.norm(big_sum))
    assert by_id[big[0]].file_dense == pytest.approx(whole, abs=1e-4)
    assert by_id[big[3]].file_dense == by_id[big[0]].file_dense
    # Nothing embedded yet: no meaning, no bonus.
    assert by_id[ids[-1]].file_dense is None


def test_the_bias_matrix_scores_the_file_as_it_scores_snippets(
        small_index: IndexedTree) -> None:
    engine = Engine(EngineConfig.from_options(str(small_index.db)))
    active = engine.bias()
    assert active is not None and active.matrix.doc_weights is not None
    bias = active.matrix
    with engine.open_store(readonly=True) as store, store.conn:
        conn = store.conn
        first, second = _chunks(conn, "pair.py")
        raw = _unit_vectors(conn, [first, second])
        candidates = load_candidates(conn, [first], {}, {}, None, None)
        add_file_meaning(conn, candidates, bias.apply(raw[0]), bias.doc_scale)
    mapped_query = bias.weights @ raw[0]
    mapped_file = bias.doc_weights @ raw.sum(axis=0)
    cosine = mapped_query @ mapped_file / (np.linalg.norm(mapped_query)
                                           * np.linalg.norm(mapped_file))
    assert candidates[0].file_dense == pytest.approx(float(cosine), abs=1e-4)
