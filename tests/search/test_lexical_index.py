"""The in-memory postings give FTS5's own BM25 answers, follow the index, and step aside
when they cannot (a newer snapshot, too many tokens): on real indexes of real files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from app.core.search import lexical_index
from app.core.search.filters import filter_sql
from app.core.search.lexical import lexical_search
from app.core.search.lexical_index import (
    build,
    lexical_hits,
    shared_lexical_index,
    wait_for_lexical_index,
)
from app.core.store.connection import open_connection
from tests.conftest import IndexedTree, run_kenning

QUERIES = (
    "parse an email address", "send an http request and read the response",
    "decode_header", "parse_qs of a url", "HTTPServer", "json.dumps indent",
    "parse parsing parser parsed",  # one stem, four phrases: FTS5 counts each
    "encode_7or8bit base64", "_", "zzzz_not_there qqqq", "the of and",
    'body: NEAR(a b) "x" OR y*',
)
FILTERS = ((("python",), ()), ((), ("*/mime/*",)), ((), ("header",)))


def _same(fts: list[tuple[int, float]], memory: list[tuple[int, float]]) -> bool:
    """The same scores in the same order, and the same rows above the last score (rows
    tied at the cut may be any of the tied ones)."""
    if [s for _, s in fts] != [s for _, s in memory]:
        return False
    last = fts[-1][1] if fts else 0.0
    return {i for i, s in fts if s > last} == {i for i, s in memory if s > last}


def test_in_memory_bm25_is_fts5s_to_the_last_bit(stdlib_index: IndexedTree) -> None:
    conn = open_connection(stdlib_index.db, readonly=True)
    index = wait_for_lexical_index(conn)
    assert index is not None and len(index.terms) > 1000
    found = 0
    with conn:
        for query in QUERIES:
            for languages, paths in ((), ()), *FILTERS:
                where, params = filter_sql(languages, paths)
                fts = lexical_search(conn, query, 50, where, params)
                memory = lexical_hits(conn, query, 50, where, params)
                assert _same(fts, memory), (query, languages, paths)
                found += bool(fts)
    assert found >= 30  # the comparisons are not of empty lists


def test_a_word_fts5_reads_as_a_phrase_counts_only_its_tokens_side_by_side(
        stdlib_index: IndexedTree) -> None:
    conn = open_connection(stdlib_index.db, readonly=True)
    index = wait_for_lexical_index(conn)
    assert index is not None
    with conn:
        phrase_rows = set(lexical_index.phrase_postings(conn, "decode_header")[0].tolist())
        both_words = set.intersection(*({i for i, _ in index.search(conn, word, 100_000)}
                                        for word in ("decode", "header")))
    assert phrase_rows and phrase_rows < both_words  # adjacent only, not anywhere


def test_a_commit_makes_it_stale_fts5_answers_until_it_is_rebuilt(tmp_path: Path) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    tree.mkdir()
    (tree / "shapes.py").write_text("def area_of_circle(radius):\n    return 3.14 * radius ** 2\n")
    assert run_kenning(["index", tree, "--db", db]).code == 0
    conn = open_connection(db, readonly=True)
    first = wait_for_lexical_index(conn)
    assert first is not None
    with conn:
        assert lexical_hits(conn, "frobnicate widget", 10, "1", []) == []

    (tree / "widgets.py").write_text("def frobnicate_widget(widget):\n    widget.frob()\n")
    assert run_kenning(["index", tree, "--db", db]).code == 0
    with conn:
        assert shared_lexical_index(conn) is None  # another version: a rebuild starts
        hits = lexical_hits(conn, "frobnicate widget", 10, "1", [])  # FTS5 answers
        assert hits == lexical_search(conn, "frobnicate widget", 10, "1", []) and hits
    rebuilt = wait_for_lexical_index(conn)
    assert rebuilt is not None and rebuilt is not first
    with conn:
        assert rebuilt.search(conn, "frobnicate widget", 10) == hits


def test_above_the_token_ceiling_fts5_answers_alone(stdlib_index: IndexedTree, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(stdlib_index.db, db)  # a file this process has not built postings for
    monkeypatch.setattr(lexical_index, "MAX_TOKENS", 1000)
    conn = open_connection(db, readonly=True)
    with conn:
        assert build(conn) is None
    assert wait_for_lexical_index(conn) is None
    with conn:
        assert shared_lexical_index(conn) is None
        shared = lexical_index._SHARED[os.path.realpath(db)]
        assert shared.building is None or not shared.building.is_alive()  # not retried
        assert (lexical_hits(conn, "parse an email address", 20, "1", [])
                == lexical_search(conn, "parse an email address", 20, "1", []))
