"""Keyword search first, meaning after: `index` writes every file before it embeds.

A run stopped in its embedding phase leaves every file searchable by keyword,
the index consistent, the coverage reported; the snippets of the most recently
modified files got their vectors first; the next run embeds the rest and ends
with exactly the index a single uninterrupted run builds.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from app.core.files.rules import IgnoreOptions
from app.core.indexing.indexer import Indexer
from app.core.indexing.progress import IndexProgress
from app.core.model.embedder import Embedder
from app.core.search.request import SearchRequest
from app.core.search.searched_paths import recent_paths
from app.core.search.searcher import Searcher
from app.core.store.store import Store
from tests.reliability.helpers import checked_dump, fresh_content, kenning, write_code_tree

FILES = 24
BATCH = 8


def _tree(root: Path) -> list[Path]:
    """One snippet per file; file i modified at second i (mod23.py is the newest)."""
    files = write_code_tree(root, FILES)
    for i, path in enumerate(files):
        os.utime(path, (1_700_000_000 + i, 1_700_000_000 + i))
    return files


def _stop_after_first_batch(cancel: threading.Event, seen: list[IndexProgress],
                            batch: int = BATCH):
    def progress(tracker: IndexProgress) -> None:
        if tracker.embedding:
            seen.append(tracker)
            if tracker.snippets_embedded >= batch:
                cancel.set()
    return progress


def _waiting_files(store: Store) -> set[str]:
    """The files whose snippets still wait for their vector."""
    listed = ",".join(map(str, store.unembedded()))
    return {row[0] for row in store.conn.execute(
        "SELECT f.path FROM chunks c JOIN files f ON f.id = c.file_id "
        f"WHERE c.id IN ({listed})")}


def test_stopped_while_embedding_searchable_by_keyword_then_resumed(
        tmp_path: Path, embedder: Embedder, app_env: dict[str, str]) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    files = _tree(tree)
    cancel, seen = threading.Event(), []
    with Store(db) as store:
        indexer = Indexer(store, lambda: embedder, IgnoreOptions(), embed_batch=BATCH)
        report = indexer.index([tree], _stop_after_first_batch(cancel, seen), cancel)
        assert report.cancelled and report.files_indexed == FILES
        assert report.snippets_embedded == BATCH
        assert seen[0].embed_total == FILES and seen[0].files_done == FILES
        stats = store.stats()
        assert (stats.chunks, stats.embedded) == (FILES, BATCH)
        # Newest files first: only the 16 least recently modified still wait.
        assert _waiting_files(store) == {str(p) for p in files[:-BATCH]}
        # A file without vectors yet is found by its words, first.
        searcher = Searcher(store, embedder.embed_one)
        hit = searcher.search(SearchRequest("handler_3_0", k=5)).results[0]
        assert hit.path == str(files[3])
    checked_dump(db)  # consistent: no snippet has half a vector

    status = kenning(["status", "--json", "--db", db], app_env)
    assert status.code == 0, status.err
    state = json.loads(status.out)
    assert (state["snippets"], state["embedded"]) == (FILES, BATCH)
    assert f"embedded:  {BATCH} of {FILES}" in kenning(["status", "--db", db], app_env).out

    with Store(db) as store:
        again = Indexer(store, lambda: embedder, IgnoreOptions(), embed_batch=BATCH).index([tree])
        assert not again.cancelled
        assert (again.files_indexed, again.files_unchanged) == (0, FILES)
        assert again.snippets_embedded == FILES - BATCH
        assert store.stats().embedded == FILES
        assert store.unembedded() == []
    assert checked_dump(db).content() == fresh_content(tree, tmp_path / "fresh.db", embedder)


def test_files_saved_lately_then_the_folders_searched_in_get_their_meaning_first(
        tmp_path: Path, embedder: Embedder) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    files = write_code_tree(tree, 20)  # pkg0: 0-7, pkg1: 8-15, pkg2: 16-19
    for i, path in enumerate(files[:16]):  # pkg0 and pkg1 old, pkg0 the newer of the two
        stamp = 1_700_000_000 + i + (1_000 if i < 8 else 0)
        os.utime(path, (stamp, stamp))
    pkg0, pkg1, pkg2 = ({str(p) for p in files[a:b]} for a, b in ((0, 8), (8, 16), (16, 20)))
    with Store(db) as store:
        cancel = threading.Event()
        Indexer(store, lambda: embedder, IgnoreOptions(), embed_batch=4).index(
            [tree], _stop_after_first_batch(cancel, [], 4), cancel)
        assert _waiting_files(store) == pkg0 | pkg1  # saved today: embedded first

        # The user searches in pkg1 (the window's folder filter, `--path`).
        searcher = Searcher(store, embedder.embed_one)
        searcher.search(SearchRequest("handler", paths=(str(tree / "pkg1"),)))
        assert recent_paths(db) == [str(tree / "pkg1")]

        cancel = threading.Event()
        Indexer(store, lambda: embedder, IgnoreOptions(), embed_batch=8).index(
            [tree], _stop_after_first_batch(cancel, [], 8), cancel)
        assert _waiting_files(store) == pkg0  # by date alone pkg0 would have come first
        assert pkg2.isdisjoint(_waiting_files(store))


def test_a_watcher_update_embeds_before_it_writes(tmp_path: Path, embedder: Embedder) -> None:
    """An edit seen by a watcher is searchable by meaning as soon as it is written."""
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    files = _tree(tree)
    with Store(db) as store:
        indexer = Indexer(store, lambda: embedder, IgnoreOptions(), embed_batch=BATCH)
        indexer.index([tree])
        files[0].write_text("def fresh_upload_retry(sender):\n    return sender.send()\n")
        report = indexer.update([files[0]])
        assert report.files_indexed == 1 and report.snippets_embedded == 1
        assert store.stats().embedded == store.stats().chunks == FILES
