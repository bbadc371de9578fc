"""Indexer.update: a set of changed paths instead of a walk; moves keep their vectors."""

from __future__ import annotations

import os
from pathlib import Path

from app.core.chunking.snippet import CHUNKER_VERSION
from app.core.indexing.indexer import Indexer
from app.core.store.store import Store
from tests.watching.conftest import make_engine
from tests.watching.index_dump import dump_index


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    (tree / "pkg").mkdir(parents=True)
    for name in ("tokens", "parser"):
        (tree / "pkg" / f"{name}.py").write_text(
            f"def read_{name}(source):\n    \"\"\"Read {name} from source.\"\"\"\n"
            f"    return [part for part in source.split() if part.startswith('{name[0]}')]\n")
    (tree / "pkg" / "__init__.py").write_text("")
    return tree


def _indexer(tmp_path: Path, tree: Path) -> tuple[Indexer, Store]:
    engine = make_engine(tmp_path / "index.db")
    engine.index([tree])
    store = engine.open_store()
    return Indexer(store, engine.new_embedder, engine.config.ignore), store


def test_a_move_seen_in_two_halves_reuses_the_vectors(tmp_path: Path) -> None:
    """The new folder may be surveyed before the old one is known to be gone."""
    tree = _tree(tmp_path)
    indexer, store = _indexer(tmp_path, tree)
    os.rename(tree / "pkg", tree / "lib")
    first = indexer.update([tree / "lib"])
    assert first.files_moved == 2 and first.snippets_embedded == 0
    second = indexer.update([tree / "pkg"])
    assert second.files_removed == 1  # the empty __init__.py: nothing to reuse in it
    store.close()
    fresh_db = tmp_path / "fresh.db"
    make_engine(fresh_db).index([tree])
    watched = dump_index(tmp_path / "index.db")
    watched.assert_consistent()
    assert watched.content() == dump_index(fresh_db).content()


def test_update_checks_only_the_paths_given(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    indexer, store = _indexer(tmp_path, tree)
    (tree / "pkg" / "tokens.py").write_text("def read_tokens(source):\n    return []\n")
    (tree / "pkg" / "parser.py").unlink()
    (tree / "pkg" / "new.py").write_text("def fresh():\n    return 1\n")
    report = indexer.update([tree / "pkg" / "tokens.py", tree / "pkg" / "parser.py"])
    assert (report.files_indexed, report.files_removed) == (1, 1)
    assert store.get_file(str(tree / "pkg" / "new.py")) is None  # not asked about
    store.close()


def test_a_rename_that_changes_the_language_is_indexed_afresh(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    indexer, store = _indexer(tmp_path, tree)
    old, new = tree / "pkg" / "tokens.py", tree / "pkg" / "tokens.txt"
    os.rename(old, new)
    report = indexer.update([new], moves=[(old, new)])
    assert report.files_moved == 0 and report.files_indexed == 1
    language = store.conn.execute("SELECT language FROM files WHERE path = ?",
                                  (str(new),)).fetchone()[0]
    assert language == "text"
    store.close()


def test_a_missing_root_keeps_its_index(tmp_path: Path) -> None:
    tree = _tree(tmp_path)
    indexer, store = _indexer(tmp_path, tree)
    os.rename(tree, tmp_path / "unmounted")
    report = indexer.update([tree / "pkg" / "tokens.py", tree])
    assert report.missing_roots == [str(tree)] and report.files_removed == 0
    assert len(dump_index(tmp_path / "index.db").files) == 3
    store.close()


def test_files_cut_by_an_older_chunker_are_cut_again_keeping_their_vectors(
        tmp_path: Path) -> None:
    """After a chunker upgrade (CHUNKER_VERSION), the next index re-reads and re-cuts
    every file, though none changed on disk; unchanged snippets are not re-embedded."""
    tree = _tree(tmp_path)
    indexer, store = _indexer(tmp_path, tree)
    with store.conn:
        store.conn.execute("UPDATE files SET chunker = ?", (CHUNKER_VERSION - 1,))
        store.conn.execute("UPDATE chunks SET def_start = NULL, def_end = NULL")
        store.conn.execute("DELETE FROM chunk_names")
    again = indexer.index([tree])
    assert (again.files_indexed, again.snippets_embedded) == (3, 0)
    assert again.snippets_reused == again.snippets_written > 0
    assert {f.chunker for f in store.files_in(store.roots()[0].id)} == {CHUNKER_VERSION}
    names = {row[0] for row in store.conn.execute("SELECT name FROM chunk_names")}
    assert names == {"read_tokens", "read_parser"}
    assert indexer.index([tree]).files_indexed == 0  # and then it is a walk again
    store.close()
