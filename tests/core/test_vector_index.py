"""The in-memory vector index (search/vector_index.py) against sqlite-vec's exact KNN.

It is on every semantic and hybrid search, so it is checked for what matters
to a user: the same nearest snippets as exact search on real vectors (the
stdlib index, real model, real queries), through the bias matrix too; rows
written, replaced and deleted by another connection (the indexer's) seen at
the next search; an index file replaced at the same path; and an index from
before schema 3 migrated with its int8 copies filled in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core import background
from app.core.bias.matrix import BiasMatrix
from app.core.chunking.snippet import Snippet
from app.core.engine import Engine, EngineConfig
from app.core.search import vector_index
from app.core.search.query_kind import analyse
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.core.search.semantic import exact_filtered, exact_knn, semantic_search
from app.core.search.vector_index import shared_index
from app.core.store import schema
from app.core.store.codes import INDEX_ID_KEY, split_int8
from app.core.store.rebuild import prepare_rebuild
from app.core.store.store import ModelInfo, Store
from tests.conftest import IndexedTree
from tests.e2e.stdlib_queries import QUERIES

DIM = 384
MODEL = ModelInfo("c" * 64, DIM, "test-model.gguf")
K = 10
# Recall@10 against exact float search on the real index (the target).
MIN_RECALL = 0.98


def _unit(n: int, seed: int) -> np.ndarray:
    v = np.random.default_rng(seed).normal(size=(n, DIM)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def _write(store: Store, root_id: int, path: Path, vectors: np.ndarray) -> list[int]:
    """Index `vectors` as the snippets of the file `path`; their chunk ids."""
    snippets = [Snippet(path.name, "python", f"f{i}", "function", i + 1, i + 1,
                        f"def f{i}(): pass", path.name) for i in range(len(vectors))]
    file_id = store.write_file(root_id=root_id, path=str(path), rel_path=path.name,
                               language="python", size=1, mtime_ns=1, content_hash=str(path),
                               snippets=snippets, vectors=vectors)
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM chunks WHERE file_id = ? ORDER BY start_line", (file_id,))]


def _nearest(store: Store, query: np.ndarray, k: int = K) -> list[int]:
    with store.conn:
        return [i for i, _ in semantic_search(store.conn, query, k, "1", [])]


def _semantic_top(searcher: Searcher, query: str) -> tuple[list[int], bool]:
    """The searcher's K nearest snippets (before pieces of a definition collapse into one
    result), and whether its matrix applied."""
    with searcher.store.conn:
        found, biased = searcher.candidates(SearchRequest(query, k=K, mode=Mode.SEMANTIC),
                                            analyse(query))
    return [c.chunk_id for c in sorted(found, key=lambda c: -c.dense)[:K]], biased


def _exact(store: Store, query: np.ndarray, k: int = K) -> list[int]:
    with store.conn:
        return [i for i, _ in exact_knn(store.conn, query, k)]


def _recall(got: list[int], want: list[int]) -> float:
    return len(set(got) & set(want)) / len(want)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Store, Store]:
    """A writer (as the indexer) and a read-only searcher (as the window) on one file."""
    writer = Store(tmp_path / "index.db")
    writer.bind_model(MODEL)
    reader = Store(tmp_path / "index.db", readonly=True)
    yield writer, reader
    reader.close()
    writer.close()


@pytest.fixture(scope="module")
def real(stdlib_index: IndexedTree) -> tuple[Engine, np.ndarray]:
    """The real stdlib index and its real query vectors (the behaviour queries)."""
    engine = Engine(EngineConfig(db_path=stdlib_index.db))
    embedder = engine.query_embedder()
    return engine, np.vstack([embedder.embed_one(q) for q, _, _ in QUERIES])


def test_recall_against_exact_knn_on_real_vectors(real: tuple[Engine, np.ndarray]) -> None:
    engine, queries = real
    with engine.open_store(readonly=True) as store:
        recalls = [_recall(_nearest(store, q), _exact(store, q)) for q in queries]
        with store.conn:
            index = shared_index(store.conn)
            n = store.chunk_count()
            assert index is not None and len(index) == n
            # The coarse stage alone, made to choose: a tenth of the index re-scored.
            coarse = [_recall([i for i, _ in index.nearest(store.conn, q, n // 10, K)],
                              [i for i, _ in exact_knn(store.conn, q, K)]) for q in queries]
    print(f"recall@10 over {n} real snippets: {np.mean(recalls):.3f} (production pool), "
          f"{np.mean(coarse):.3f} (pool {n // 10})")
    assert np.mean(recalls) >= MIN_RECALL
    assert np.mean(coarse) >= 0.9


def test_bias_matrix_applies_through_the_index(real: tuple[Engine, np.ndarray]) -> None:
    """A query-side matrix changes what is found, and the index finds what exact search
    finds for the transformed query."""
    engine, _ = real
    rng = np.random.default_rng(7)
    bias = BiasMatrix((np.eye(DIM) + 0.6 * rng.normal(size=(DIM, DIM)) / np.sqrt(DIM)
                       ).astype(np.float32))
    with engine.open_store(readonly=True) as store:
        plain = engine.searcher(store)
        biased = type(plain)(store, plain.embed_query, bias)
        changed, recalls = 0, []
        for query, _, _ in QUERIES:
            got, applied = _semantic_top(biased, query)
            assert applied
            recalls.append(_recall(got, _exact(store, bias.apply(plain.embed_query(query)))))
            changed += got != _semantic_top(plain, query)[0]
    assert np.mean(recalls) >= MIN_RECALL
    assert changed >= len(QUERIES) // 2


def test_a_two_sided_matrix_ranks_by_the_cosine_of_both_mapped_vectors(
        real: tuple[Engine, np.ndarray]) -> None:
    """With a snippet side B, semantic search finds the exact top 10 by
    cos(A q, B d) over every stored vector, and reports that cosine as the score."""
    engine, _ = real
    rng = np.random.default_rng(8)
    a, b = (np.eye(DIM) + 0.5 * rng.normal(size=(2, DIM, DIM)) / np.sqrt(DIM)).astype(np.float32)
    bias = BiasMatrix(a, {}, b)
    with engine.open_store(readonly=True) as store:
        plain = engine.searcher(store)
        biased = type(plain)(store, plain.embed_query, bias)
        ids = [int(r[0]) for r in store.conn.execute("SELECT rowid FROM chunk_vectors")]
        vectors = np.vstack([np.frombuffer(r[0], dtype=np.float32) for r in store.conn.execute(
            "SELECT embedding FROM chunk_vectors")])
        mapped = vectors @ b.T
        mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
        recalls = []
        for query, _, _ in QUERIES:
            aq = a @ plain.embed_query(query)
            exact = mapped @ (aq / np.linalg.norm(aq))
            want = [ids[i] for i in np.argsort(-exact)[:K]]
            results = biased.search(SearchRequest(query, k=K, mode=Mode.SEMANTIC)).results
            recalls.append(_recall(_semantic_top(biased, query)[0], want))
            assert results[0].score == pytest.approx(float(exact.max()), abs=1e-4)
    assert np.mean(recalls) >= MIN_RECALL


def test_each_rows_snippet_factor_is_kept_and_extended_as_rows_come(
        pair: tuple[Store, Store], tmp_path: Path) -> None:
    """A two-sided matrix's 1/‖B d‖ is computed once per row (from its int8 vector,
    close to the float one), extended for added rows, and the scores returned are
    the exact cos(A q, B d) of the best rows."""
    writer, reader = pair
    root = writer.add_root(tmp_path)
    rng = np.random.default_rng(9)
    a, b = (np.eye(DIM) + 0.5 * rng.normal(size=(2, DIM, DIM)) / np.sqrt(DIM)).astype(np.float32)
    bias = BiasMatrix(a, {}, b)
    first, second = _unit(200, 4), _unit(100, 5)
    ids = _write(writer, root.id, tmp_path / "a.py", first)

    def search(query: np.ndarray) -> list[tuple[int, float]]:
        with reader.conn:
            return semantic_search(reader.conn, bias.apply(query), K, "1", [], bias.doc_scale)

    def exact(vectors: np.ndarray, query: np.ndarray) -> np.ndarray:
        aq = a @ query
        mapped = vectors @ b.T
        return (mapped / np.linalg.norm(mapped, axis=1, keepdims=True)) @ (aq / np.linalg.norm(aq))

    hits = search(first[7])
    cosines = exact(first, first[7])
    assert [i for i, _ in hits][:3] == [ids[i] for i in np.argsort(-cosines)[:3]]
    assert hits[0][1] == pytest.approx(float(cosines.max()), abs=1e-5)
    index = vector_index._SHARED[str(tmp_path / "index.db")]
    kept = index._factors[2]
    assert len(kept) == 200
    np.testing.assert_allclose(kept, bias.doc_scale(first), rtol=0.01)

    more = _write(writer, root.id, tmp_path / "b.py", second)
    hits = search(second[3])
    assert hits[0][0] == more[int(np.argmax(exact(second, second[3])))]
    extended = index._factors[2]
    assert len(extended) == 300 and np.array_equal(extended[:200], kept)  # not recomputed
    np.testing.assert_allclose(extended[200:], bias.doc_scale(second), rtol=0.01)


def test_factors_of_a_big_load_come_from_the_background_meanwhile_exact_rescoring(
        pair: tuple[Store, Store], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writer, reader = pair
    root = writer.add_root(tmp_path)
    monkeypatch.setattr(vector_index, "FACTORS_INLINE", 50)
    rng = np.random.default_rng(10)
    a, b = (np.eye(DIM) + 0.5 * rng.normal(size=(2, DIM, DIM)) / np.sqrt(DIM)).astype(np.float32)
    bias = BiasMatrix(a, {}, b)
    vectors = _unit(300, 6)
    ids = _write(writer, root.id, tmp_path / "a.py", vectors)
    mapped = vectors @ b.T
    mapped /= np.linalg.norm(mapped, axis=1, keepdims=True)
    for attempt in range(2):  # while the factors are computed, then with them
        query = vectors[attempt]
        aq = a @ query
        want = [ids[i] for i in np.argsort(-(mapped @ (aq / np.linalg.norm(aq))))[:K]]
        with reader.conn:
            hits = semantic_search(reader.conn, bias.apply(query), K, "1", [], bias.doc_scale)
            index = shared_index(reader.conn)
        assert [i for i, _ in hits] == want
        assert index is not None
        background.settle()
        assert index._factors is not None and len(index._factors[2]) == 300


def test_follows_writes_deletes_and_replacements_by_another_connection(
        pair: tuple[Store, Store], tmp_path: Path) -> None:
    writer, reader = pair
    root = writer.add_root(tmp_path)
    first = _unit(50, 1)
    assert _nearest(reader, first[0]) == []  # loaded while empty, then followed
    a_ids = _write(writer, root.id, tmp_path / "a.py", first)
    assert _nearest(reader, first[3])[0] == a_ids[3]
    second = _unit(30, 2)
    b_ids = _write(writer, root.id, tmp_path / "b.py", second)
    assert _nearest(reader, second[5])[0] == b_ids[5]
    writer.delete_files([writer.get_file(str(tmp_path / "a.py")).id])
    assert not set(_nearest(reader, first[3], 40)) & set(a_ids)
    assert set(_nearest(reader, first[3], 40)) == set(b_ids)
    replaced = _write(writer, root.id, tmp_path / "b.py", _unit(30, 3))
    hits = _nearest(reader, second[5], 40)
    assert not set(hits) & set(b_ids) and set(hits) == set(replaced)


def test_a_search_in_an_older_snapshot_sees_no_newer_rows(pair: tuple[Store, Store],
                                                          tmp_path: Path) -> None:
    """Two readers share the index; the one still in an older read transaction must
    not get snippets committed after it began, though the other loaded them."""
    writer, old_reader = pair
    root = writer.add_root(tmp_path)
    old = _unit(20, 4)
    old_ids = _write(writer, root.id, tmp_path / "old.py", old)
    new = _unit(20, 5)
    with Store(writer.path, readonly=True) as new_reader, old_reader.conn:
        assert _nearest(old_reader, new[0])  # the snapshot starts here
        new_ids = _write(writer, root.id, tmp_path / "new.py", new)
        assert _nearest(new_reader, new[0])[0] == new_ids[0]
        hits = [i for i, _ in semantic_search(old_reader.conn, new[0], 40, "1", [])]
        assert set(hits) == set(old_ids)


def test_stale_rows_are_dropped_by_a_reload(pair: tuple[Store, Store], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vector_index, "STALE_MIN", 10)
    writer, reader = pair
    root = writer.add_root(tmp_path)
    _write(writer, root.id, tmp_path / "gone.py", _unit(40, 6))
    _nearest(reader, _unit(1, 0)[0])
    writer.delete_files([writer.get_file(str(tmp_path / "gone.py")).id])
    kept = _unit(5, 7)
    kept_ids = _write(writer, root.id, tmp_path / "kept.py", kept)
    assert _nearest(reader, kept[0])[0] == kept_ids[0]
    with reader.conn:
        index = shared_index(reader.conn)
        assert index is not None and len(index) == len(kept_ids)
    # Chunk ids are reused by SQLite (gone's 1-5 are kept's now): seq tells them apart.
    assert sorted(_nearest(reader, _unit(1, 6)[0], 40)) == sorted(kept_ids)


def test_a_rebuilt_file_at_the_same_path_is_loaded_afresh(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    with Store(db) as store:
        store.bind_model(MODEL)
        _write(store, store.add_root(tmp_path).id, tmp_path / "a.py", _unit(60, 8))
    with Store(db, readonly=True) as reader:
        _nearest(reader, _unit(1, 0)[0])  # the process now holds the old file's rows
    prepare_rebuild(db).discard()
    fresh = _unit(80, 9)
    with Store(db) as store:
        store.bind_model(MODEL)
        ids = _write(store, store.add_root(tmp_path).id, tmp_path / "b.py", fresh)
    with Store(db, readonly=True) as reader:
        assert set(_nearest(reader, fresh[0], 100)) == set(ids)
        for row in (0, 40, 79):
            assert _nearest(reader, fresh[row])[0] == ids[row]


def _downgrade_to_v2(db: Path) -> None:
    """Undo migrations 4 (definitions) and 3 (it only adds `vector_q8`, its index, trigger
    and the file id)."""
    with Store(db) as store, store.conn:
        store.conn.execute("DROP TRIGGER chunks_names_cleanup")
        store.conn.execute("DROP TABLE chunk_names")
        store.conn.execute("ALTER TABLE chunks DROP COLUMN def_start")
        store.conn.execute("ALTER TABLE chunks DROP COLUMN def_end")
        store.conn.execute("ALTER TABLE files DROP COLUMN chunker")
        store.conn.execute("DROP TRIGGER chunks_q8_cleanup")
        store.conn.execute("DROP TABLE vector_q8")
        store.conn.execute("DELETE FROM sqlite_sequence WHERE name = 'vector_q8'")
        store.delete_meta(INDEX_ID_KEY)
        store.conn.execute("PRAGMA user_version=2")


def test_an_index_from_schema_2_is_searched_then_migrated(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema, "BACKFILL_BATCH", 7)  # several backfill batches
    db = tmp_path / "index.db"
    vectors = _unit(45, 10)
    with Store(db) as store:
        store.bind_model(MODEL)
        ids = _write(store, store.add_root(tmp_path).id, tmp_path / "a.py", vectors)
    _downgrade_to_v2(db)
    with Store(db, readonly=True) as old:  # read-only: stays at 2, exact search
        assert old.conn.execute("PRAGMA user_version").fetchone()[0] == 2
        with old.conn:
            assert shared_index(old.conn) is None
        assert _nearest(old, vectors[11])[0] == ids[11]
    with Store(db) as store:  # writable: migrated, the int8 copies filled in
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        rows = store.conn.execute("SELECT chunk_id, vec FROM vector_q8 ORDER BY chunk_id"
                                  ).fetchall()
        assert [r[0] for r in rows] == ids
        scales, q8 = split_int8([r[1] for r in rows])
        restored = q8.astype(np.float32) * scales[:, None]
        assert np.min(np.sum(restored * vectors, axis=1)) > 0.999
        assert store.get_meta(INDEX_ID_KEY)
    with Store(db, readonly=True) as reader:
        assert set(_nearest(reader, vectors[0], 100)) == set(ids)
        for row in (0, 11, 44):
            assert _nearest(reader, vectors[row])[0] == ids[row]


def test_a_filter_is_applied_inside_the_index(real: tuple[Engine, np.ndarray]) -> None:
    """Filtered: the nearest of the rows the filter keeps, as an exact scan of those rows
    finds them, and none other; a narrow filter (one package) still fills its results."""
    engine, queries = real
    with engine.open_store(readonly=True) as store:
        conn = store.conn
        for where, params in [("c.language = ?", ["python"]),
                              ("f.rel_path GLOB ?", ["email/*"])]:
            recalls = []
            for query in queries:
                with conn:
                    got = [i for i, _ in semantic_search(conn, query, K, where, params)]
                    want = [i for i, _ in exact_filtered(conn, query, K, where, params)]
                    kept = {r[0] for r in conn.execute(
                        "SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id "
                        f"WHERE {where}", params)}
                assert len(got) == K and set(got) <= kept
                recalls.append(_recall(got, want))
            assert np.mean(recalls) >= MIN_RECALL, (where, np.mean(recalls))


def test_a_filter_follows_a_rename_by_another_connection(pair: tuple[Store, Store],
                                                        tmp_path: Path) -> None:
    writer, reader = pair
    root = writer.add_root(tmp_path)
    old, new = tmp_path / "old" / "a.py", tmp_path / "new" / "a.py"
    ids = _write(writer, root.id, old, _unit(20, 1))
    _write(writer, root.id, tmp_path / "other.py", _unit(20, 2))
    query = _unit(1, 3)[0]

    def under(folder: str) -> set[int]:
        with reader.conn:
            return {i for i, _ in semantic_search(reader.conn, query, 50, "f.path GLOB ?",
                                                  [f"{tmp_path / folder}/*"])}

    assert under("old") == set(ids) and under("new") == set()
    writer.move_file(str(old), str(new), root)
    assert under("old") == set() and under("new") == set(ids)


def test_the_partial_sort_and_the_filtered_hamming_pass_match_the_full_ones() -> None:
    """`_best` (a partial sort) and `_closest` on a filter's rows only give what the full
    stable sort and a pass over every row with the others pushed past any distance give:
    the same rows in the same order, ties included."""
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 50, size=3000).astype(np.float32)  # many ties
    for n in (1, 110, 226, 2999, 3000, 4000):
        want = np.argsort(-scores, kind="stable")[:n]
        assert np.array_equal(vector_index._best(scores, n), want)
    codes = rng.integers(0, 2**63, size=(5000, 6), dtype=np.uint64)
    query = rng.integers(0, 2**63, size=6, dtype=np.uint64)
    allowed = rng.random(len(codes)) < 0.3
    distance = np.bitwise_count(codes ^ query).sum(axis=1)
    for n in (10, 500, 4000):
        kept = vector_index._closest(codes, query, n, np.flatnonzero(allowed))
        far = np.where(allowed, distance, 10**6)
        cut = np.sort(far)[min(n, int(allowed.sum())) - 1]
        assert allowed[kept].all() and len(kept) == min(n, int(allowed.sum()))
        assert (far[kept] <= cut).all() and np.array_equal(kept[far[kept] < cut],
                                                           np.flatnonzero(far < cut))
    assert np.array_equal(vector_index._hamming(codes, query), distance)
