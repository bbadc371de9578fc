"""Each file's stored vector sum stays the sum of its embedded snippets' vectors,
whatever writes or deletes them (real SQLite, real sqlite-vec)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.chunking.snippet import Snippet
from app.core.store import file_vectors
from app.core.store.store import ModelInfo, Store

DIM = 384
MODEL = ModelInfo("d" * 64, DIM, "test-model.gguf")


def _unit(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _write(store: Store, root_id: int, path: Path, vectors: list[np.ndarray | None]) -> int:
    snippets = [Snippet(path.name, "python", f"f{i}", "function", i + 1, i + 1,
                        f"def f{i}(): pass", path.name) for i in range(len(vectors))]
    return store.write_file(root_id=root_id, path=str(path), rel_path=path.name,
                            language="python", size=1, mtime_ns=1, content_hash=str(path),
                            snippets=snippets, vectors=vectors)


def _expected(store: Store) -> dict[int, tuple[int, np.ndarray]]:
    """Every file's sum, counted afresh from the int8 copies."""
    out: dict[int, tuple[int, np.ndarray]] = {}
    for file_id, blob in store.conn.execute(
            "SELECT c.file_id, v.vec FROM chunks c JOIN vector_q8 v ON v.chunk_id = c.id"):
        n, total = out.get(file_id, (0, np.zeros(DIM, dtype=np.float32)))
        out[file_id] = (n + 1, total + file_vectors.decode([blob])[0])
    return out


def _assert_consistent(store: Store) -> None:
    stored = file_vectors.read(store.conn, [r[0] for r in store.conn.execute(
        "SELECT id FROM files")])
    expected = _expected(store)
    assert stored.keys() == expected.keys()
    for file_id, (n, total) in expected.items():
        assert stored[file_id][0] == n
        assert np.allclose(stored[file_id][1], total, atol=1e-4)


def test_sums_follow_every_write_and_delete(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    with Store(db) as store:
        store.bind_model(MODEL)
        root = store.add_root(tmp_path).id
        a = _write(store, root, tmp_path / "a.py", list(_unit(5, 1)))
        _write(store, root, tmp_path / "b.py", list(_unit(3, 2)))
        # Written first without vectors (lexical first), embedded later.
        c = _write(store, root, tmp_path / "c.py", [None, None, None, None])
        _assert_consistent(store)
        assert file_vectors.read(store.conn, [c]) == {}
        waiting = [r[0] for r in store.conn.execute(
            "SELECT id FROM chunks WHERE file_id = ? ORDER BY id", (c,))]
        store.add_vectors(waiting[:2], _unit(2, 3))
        _assert_consistent(store)
        store.add_vectors(waiting[2:], _unit(2, 4))
        _assert_consistent(store)
        assert file_vectors.read(store.conn, [c])[c][0] == 4
        # A file indexed again: fewer snippets, some not embedded yet.
        _write(store, root, tmp_path / "a.py", [_unit(1, 5)[0], None])
        _assert_consistent(store)
        assert file_vectors.read(store.conn, [a])[a][0] == 1
        store.delete_files([a])
        _assert_consistent(store)
        assert store.remove_root(tmp_path)
        _assert_consistent(store)
        assert store.conn.execute("SELECT count(*) FROM file_vectors").fetchone()[0] == 0


def test_an_index_from_before_the_sums_gets_them_when_opened_for_writing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(file_vectors, "FILL_BATCH", 2)  # files run across batches
    db = tmp_path / "index.db"
    with Store(db) as store:
        store.bind_model(MODEL)
        root = store.add_root(tmp_path).id
        for i, n in enumerate((1, 3, 4, 6)):
            _write(store, root, tmp_path / f"f{i}.py", list(_unit(n, i)))
        with store.conn:
            store.conn.execute("DROP TRIGGER chunks_file_vectors_cleanup")
            store.conn.execute("DROP TABLE file_vectors")
            store.conn.execute("PRAGMA user_version=4")
    with Store(db) as store:
        _assert_consistent(store)
        assert store.conn.execute("SELECT count(*) FROM file_vectors").fetchone()[0] == 4
