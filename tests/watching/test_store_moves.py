"""Store.move_file / move_folder: new paths, same vectors, a full-text index that follows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.core.chunking.snippet import Snippet
from app.core.store.store import ModelInfo, Root, Store
from tests.watching.index_dump import dump_index

DIM = 8


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "index.db")
    s.bind_model(ModelInfo("f" * 64, DIM, "test.gguf"))
    return s


def _write(store: Store, root: Root, rel: str, functions: int = 2) -> int:
    snippets = [Snippet(rel, "python", f"f{i}", "function", 3 * i + 1, 3 * i + 2,
                        f"def f{i}():\n    return {i}", f"{rel} · def f{i}():")
                for i in range(functions)]
    vectors = np.random.default_rng(len(rel)).normal(size=(functions, DIM)).astype(np.float32)
    return store.write_file(root_id=root.id, path=f"{root.path}/{rel}", rel_path=rel,
                            language="python", size=10, mtime_ns=1, content_hash=rel,
                            snippets=snippets, vectors=vectors)


def _chunks(store: Store, path: str) -> list[tuple[int, str, str, bytes]]:
    return store.conn.execute(
        "SELECT c.id, c.header, c.content_hash, v.embedding FROM chunks c "
        "JOIN chunk_vectors v ON v.rowid = c.id JOIN files f ON f.id = c.file_id "
        "WHERE f.path = ? ORDER BY c.start_line", (path,)).fetchall()


def _path_hits(store: Store, word: str) -> int:
    return store.conn.execute("SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH ?",
                              (f'path : "{word}"',)).fetchone()[0]


def test_a_renamed_file_keeps_its_chunks_and_vectors(store: Store, tmp_path: Path) -> None:
    root = store.add_root(tmp_path)
    _write(store, root, "alpha.py")
    before = _chunks(store, f"{tmp_path}/alpha.py")
    assert store.move_file(f"{tmp_path}/alpha.py", f"{tmp_path}/beta/gamma.py", root)
    after = _chunks(store, f"{tmp_path}/beta/gamma.py")
    assert [c[0] for c in after] == [c[0] for c in before]  # same rows
    assert [c[3] for c in after] == [c[3] for c in before]  # same vectors
    assert [c[1] for c in after] == ["beta/gamma.py · def f0():", "beta/gamma.py · def f1():"]
    # each content_hash is what the chunker would compute at the new path,
    # so the next edit of the file reuses these vectors
    assert after[0][2] == Snippet("beta/gamma.py", "python", "f0", "function", 1, 2,
                                  "def f0():\n    return 0", after[0][1]).content_hash
    assert _path_hits(store, "alpha") == 0 and _path_hits(store, "gamma") == 2
    assert store.get_file(f"{tmp_path}/alpha.py") is None
    assert store.conn.execute("SELECT rel_path FROM files").fetchall() == [("beta/gamma.py",)]


def test_a_rename_over_an_indexed_file_replaces_it(store: Store, tmp_path: Path) -> None:
    root = store.add_root(tmp_path)
    _write(store, root, "new.py")
    _write(store, root, "old.py", functions=5)
    assert store.move_file(f"{tmp_path}/new.py", f"{tmp_path}/old.py", root)
    dump = dump_index(store.path)
    dump.assert_consistent()
    assert [f[0] for f in dump.files] == [f"{tmp_path}/old.py"]
    assert len(dump.chunks) == 2


def test_a_moved_folder_takes_only_its_own_files(store: Store, tmp_path: Path) -> None:
    root = store.add_root(tmp_path)
    for rel in ("pkg/a.py", "pkg/sub/b.py", "pkg2/c.py", "pkg.old/d.py", "pkga.py"):
        _write(store, root, rel)
    assert store.move_folder(f"{tmp_path}/pkg", f"{tmp_path}/lib/pkg", root) == 2
    rels = {r[0] for r in store.conn.execute("SELECT rel_path FROM files")}
    assert rels == {"lib/pkg/a.py", "lib/pkg/sub/b.py", "pkg2/c.py", "pkg.old/d.py", "pkga.py"}
    assert _path_hits(store, "lib") == 4
    dump_index(store.path).assert_consistent()


def test_moving_between_roots_changes_the_root(store: Store, tmp_path: Path) -> None:
    first = store.add_root(tmp_path / "one")
    second = store.add_root(tmp_path / "two")
    _write(store, first, "x.py")
    assert store.move_file(f"{first.path}/x.py", f"{second.path}/y.py", second)
    record = store.get_file(f"{second.path}/y.py")
    assert record is not None and record.root_id == second.id
    assert not store.move_file(f"{first.path}/x.py", f"{second.path}/z.py", second)


def test_merging_a_nested_root_rewrites_paths_in_the_text_index(store: Store,
                                                                tmp_path: Path) -> None:
    inner = store.add_root(tmp_path / "pkg")
    _write(store, inner, "mod.py")
    assert _path_hits(store, "pkg") == 0  # relative to the inner root: "mod.py"
    store.add_root(tmp_path)
    assert _path_hits(store, "pkg") == 2  # now "pkg/mod.py"
    dump_index(store.path).assert_consistent()
