"""The store: atomic file replacement, no orphans, model binding, roots."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.chunking.snippet import Snippet
from app.core.errors import CorruptDatabaseError, ModelMismatchError, StoreError
from app.core.store.store import ModelInfo, Store

DIM = 8
MODEL = ModelInfo("a" * 64, DIM, "test-model.gguf")


def _snippets(n: int, tag: str = "") -> list[Snippet]:
    return [Snippet("a.py", "python", f"f{i}", "function", i * 3 + 1, i * 3 + 2,
                    f"def f{i}():\n    return {tag}{i}", "a.py") for i in range(n)]


def _vectors(n: int, seed: int = 0) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _counts(store: Store) -> tuple[int, int, int]:
    q = store.conn.execute
    return (q("SELECT count(*) FROM chunks").fetchone()[0],
            q("SELECT count(*) FROM chunk_vectors").fetchone()[0],
            q("SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH 'return'").fetchone()[0])


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "index.db")
    s.bind_model(MODEL)
    return s


def _write(store: Store, root_id: int, path: str, n: int, tag: str = "") -> int:
    return store.write_file(root_id=root_id, path=path, rel_path=Path(path).name,
                            language="python", size=10, mtime_ns=1, content_hash=tag or "h",
                            snippets=_snippets(n, tag), vectors=_vectors(n))


def test_replace_and_delete_leave_no_orphans(store: Store, tmp_path: Path) -> None:
    root = store.add_root(tmp_path)
    file_id = _write(store, root.id, str(tmp_path / "a.py"), 5)
    assert _counts(store) == (5, 5, 5)
    _write(store, root.id, str(tmp_path / "a.py"), 2, tag="x")
    assert _counts(store) == (2, 2, 2)
    store.delete_files([file_id])
    assert _counts(store) == (0, 0, 0)


def test_removing_a_root_removes_its_files(store: Store, tmp_path: Path) -> None:
    root = store.add_root(tmp_path)
    _write(store, root.id, str(tmp_path / "a.py"), 3)
    assert store.remove_root(tmp_path)
    assert _counts(store) == (0, 0, 0)
    assert store.roots() == []


def test_nested_roots_are_merged(store: Store, tmp_path: Path) -> None:
    inner = store.add_root(tmp_path / "pkg")
    _write(store, inner.id, str(tmp_path / "pkg" / "a.py"), 1)
    outer = store.add_root(tmp_path)
    assert [r.path for r in store.roots()] == [str(tmp_path)]
    record = store.get_file(str(tmp_path / "pkg" / "a.py"))
    assert record is not None and record.root_id == outer.id
    assert store.add_root(tmp_path / "pkg" / "sub").id == outer.id


def test_model_mismatch_is_refused(store: Store, tmp_path: Path) -> None:
    root = store.add_root(tmp_path)
    _write(store, root.id, str(tmp_path / "a.py"), 1)
    other = ModelInfo("b" * 64, DIM, "other.gguf")
    with pytest.raises(ModelMismatchError, match="re-index"):
        store.bind_model(other)
    with pytest.raises(ModelMismatchError, match="re-index"):
        store.check_model(other.fingerprint, other.name)
    store.check_model(MODEL.fingerprint, MODEL.name)


def test_empty_index_can_switch_model(tmp_path: Path) -> None:
    s = Store(tmp_path / "i.db")
    s.bind_model(MODEL)
    s.bind_model(ModelInfo("c" * 64, 16, "wide.gguf"))
    assert s.model() == ModelInfo("c" * 64, 16, "wide.gguf")


def test_skips_are_recorded_and_replace_indexed_content(store: Store, tmp_path: Path) -> None:
    root = store.add_root(tmp_path)
    path = str(tmp_path / "a.py")
    _write(store, root.id, path, 2)
    store.record_skip(root.id, path, "too large")
    assert store.get_file(path) is None
    assert store.skipped() == [(path, "too large")]
    assert _counts(store) == (0, 0, 0)


def test_database_file_is_private(tmp_path: Path) -> None:
    Store(tmp_path / "p" / "i.db").close()
    assert (tmp_path / "p" / "i.db").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "p").stat().st_mode & 0o777 == 0o700


def test_garbage_file_is_reported_as_damaged(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite" * 500)
    with pytest.raises(CorruptDatabaseError, match="rebuild"):
        Store(bad)


def test_readonly_open_of_missing_index(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kenning index"):
        Store(tmp_path / "none.db", readonly=True)


def test_a_stored_vector_that_is_not_of_unit_length_is_not_reused(
        store: Store, tmp_path: Path) -> None:
    """After a repair of damaged pages, a vector read from them must be embedded again."""
    root = store.add_root(tmp_path)
    file_id = _write(store, root.id, str(tmp_path / "a.py"), 3)
    ids = [row[0] for row in store.conn.execute("SELECT id FROM chunks ORDER BY id")]
    broken = np.full(DIM, np.nan, dtype=np.float32)
    store.conn.execute("UPDATE chunk_vectors SET embedding = ? WHERE rowid = ?",
                       (broken.tobytes(), ids[0]))
    store.conn.execute("UPDATE chunk_vectors SET embedding = ? WHERE rowid = ?",
                       ((np.ones(DIM, dtype=np.float32) * 3).tobytes(), ids[1]))
    assert len(store.known_vectors(file_id)) == 1


def test_nested_names_are_looked_up_but_not_weighted_as_the_snippets_own(
        store: Store, tmp_path: Path) -> None:
    """A whole small class names its methods (chunker 8): `chunk_names` finds the class's
    snippet for `norm`, while BM25's symbol column holds `Point` alone, so the class
    does not outweigh `norm`'s own words elsewhere."""
    root = store.add_root(tmp_path)
    text = "class Point:\n    def norm(self):\n        return 1\n"
    point = Snippet("p.py", "python", "Point", "class", 1, 3, text, "p.py",
                    names=("Point", "Point.norm"))
    store.write_file(root_id=root.id, path=str(tmp_path / "p.py"), rel_path="p.py",
                     language="python", size=10, mtime_ns=1, content_hash="p",
                     snippets=[point], vectors=_vectors(1))
    q = store.conn.execute
    assert [r[0] for r in q("SELECT name FROM chunk_names WHERE key = 'norm'")] == ["Point.norm"]
    assert q("SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH 'symbol: point'"
             ).fetchone()[0] == 1
    assert q("SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH 'symbol: norm'"
             ).fetchone()[0] == 0
