"""Limits: the walk streams (memory does not grow with the tree), the database gives
back the room of removed files, and the log file rotates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

from app.core.chunking.snippet import Snippet
from app.core.files.rules import IgnoreOptions
from app.core.files.walker import walk
from app.core.indexing.indexer import Indexer
from app.core.logs import BACKUPS, MAX_BYTES
from app.core.model.embedder import Embedder
from app.core.store.store import RECLAIM_MIN_PAGES, ModelInfo, Store
from tests.conftest import REPO
from tests.reliability.helpers import checked_dump, index_tree, write_code_tree


def _empty_files(folder: Path, depth: int, width: int = 8) -> None:
    """A `width`-ary tree of folders `depth` deep, `width` empty files in each folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(width):
        (folder / f"m{i}.py").touch()
        if depth:
            _empty_files(folder / f"d{i}", depth - 1, width)


def _walk_peak(root: Path) -> tuple[int, int]:
    """(files yielded, peak bytes Python allocated while walking and dropping them).

    pathlib interns every name, and the interpreter's table of interned strings
    resizing (~2 MB at once) is not the walk's: the names are interned and kept
    alive by a first walk, and the second is measured.
    """
    names = {part for item in walk(root, IgnoreOptions()) for part in item.path.parts}
    count = 0
    tracemalloc.start()
    try:
        for _ in walk(root, IgnoreOptions()):
            count += 1
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        names.clear()


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two trees of empty files, the second 8 times the first, folders no wider."""
    small, large = tmp_path_factory.mktemp("small"), tmp_path_factory.mktemp("large")
    _empty_files(small, depth=2)
    _empty_files(large, depth=3)
    return small, large


def test_walking_a_tree_eight_times_bigger_needs_no_more_memory(
        trees: tuple[Path, Path]) -> None:
    (small_count, small_peak), (large_count, large_peak) = map(_walk_peak, trees)
    assert (small_count, large_count) == (584, 4680)
    # A generator over a stack of folders: what it holds is one folder's entries
    # and the folders still to visit (depth x width), never the tree's files.
    # Measured 24 and 25 KiB; keeping the files would cost ~0.5 kB each (2.3 MB here).
    assert large_peak < 2 * small_peak + 64 * 1024, (small_peak, large_peak)


class _Stop:
    def is_set(self) -> bool:
        return True


def test_the_indexer_keeps_well_under_a_kilobyte_per_file_to_index(
        trees: tuple[Path, Path], tmp_path: Path) -> None:
    """Not streaming (yet): a run lists the files it must read; this bounds that list.

    Stopped before the first file is read, a run has done its whole survey.
    Measured: ~0.55-0.6 kB per file (RELIABILITY.md), checked here at < 1 kB.
    """
    tree = trees[1]
    with Store(tmp_path / "index.db") as store:
        tracemalloc.start()
        try:
            report = Indexer(store, lambda: None, IgnoreOptions()).index(  # type: ignore
                [tree], cancel=_Stop())
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert report.cancelled and report.files_seen == 4680
    assert peak < 1024 * report.files_seen, peak / report.files_seen


def test_removed_files_give_their_room_back(tmp_path: Path) -> None:
    """Store level, many snippets: deleting most files shrinks the file itself."""
    db = tmp_path / "index.db"
    rng = np.random.default_rng(7)
    with Store(db) as store:
        store.bind_model(ModelInfo("f" * 64, 384, "synthetic"))
        root = store.add_root(tmp_path)
        for i in range(120):
            snippets = [Snippet(f"f{i}.py", "python", f"s{j}", "function", j + 1, j + 1,
                                f"def s{j}(): return '{'x' * 400}'", f"f{i}.py")
                        for j in range(20)]
            store.write_file(root_id=root.id, path=str(tmp_path / f"f{i}.py"),
                             rel_path=f"f{i}.py", language="python", size=1, mtime_ns=1,
                             content_hash=str(i), snippets=snippets,
                             vectors=rng.normal(size=(20, 384)).astype(np.float32))
        full_pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        ids = [row[0] for row in store.conn.execute("SELECT id FROM files WHERE id > 10")]
        store.delete_files(ids)
        freed = store.reclaim_space()
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        free = store.conn.execute("PRAGMA freelist_count").fetchone()[0]
    print(f"\n2,400 snippets, 110 of 120 files removed: {full_pages * 4096 / 1e6:.1f} MB -> "
          f"{os.path.getsize(db) / 1e6:.1f} MB")
    assert freed > 0 and free < RECLAIM_MIN_PAGES
    assert pages < full_pages / 3, (pages, full_pages)
    assert os.path.getsize(db) < full_pages * 4096 / 3


def test_indexing_reclaims_the_room_of_deleted_files(
        tmp_path: Path, embedder: Embedder) -> None:
    """Through the indexer: a folder emptied (its vectors' 1.5 MB block goes with them)."""
    tree = tmp_path / "tree"
    files = write_code_tree(tree, 10)
    db = tmp_path / "index.db"
    index_tree(db, [tree], embedder)
    indexed_size = os.path.getsize(db)
    for path in files:
        path.unlink()
    report = index_tree(db, [tree], embedder)
    assert report.files_removed == 10
    assert checked_dump(db).files == []
    with Store(db, readonly=True) as store:
        free = store.conn.execute("PRAGMA freelist_count").fetchone()[0]
    assert free < RECLAIM_MIN_PAGES
    assert os.path.getsize(db) < indexed_size, "the room of the removed files stayed"


def test_an_old_index_without_incremental_vacuum_is_converted_once(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store(db) as store:  # as an index created before incremental vacuum
        store.conn.execute("PRAGMA auto_vacuum=NONE")
        store.conn.execute("VACUUM")
        assert store.conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 0
        store.conn.execute("CREATE TABLE filler(x)")
        store.conn.executemany("INSERT INTO filler VALUES (zeroblob(3000))", [()] * 600)
        store.conn.execute("DROP TABLE filler")
        assert store.reclaim_space() > RECLAIM_MIN_PAGES
        assert store.conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 2


LOG_A_LOT = """
import logging, os, sys
from app.core.logs import setup_logging
path = setup_logging()
log = logging.getLogger("app.test")
for i in range(int(sys.argv[1])):
    log.info("record %d %s", i, "x" * 200)
print(path)
"""


def test_the_log_rotates_and_every_file_stays_private(tmp_path: Path) -> None:
    records = 4 * (BACKUPS + 1) * MAX_BYTES // 250
    env = {**os.environ, "KENNING_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", LOG_A_LOT, str(records)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    log = Path(proc.stdout.strip())
    logs = sorted(log.parent.iterdir())
    assert [p.name for p in logs] == ["kenning.log", *(f"kenning.log.{i}"
                                                      for i in range(1, BACKUPS + 1))]
    for path in logs:
        assert path.stat().st_size <= MAX_BYTES
        assert path.stat().st_mode & 0o777 == 0o600, path
    assert log.parent.stat().st_mode & 0o777 == 0o700
    assert f"record {records - 1} " in log.read_text()


QUIET_THEN_ONE = """
import json, logging, sys
from app.core.logs import setup_logging
path = setup_logging()
quiet = ["logging.handlers" in sys.modules, path.exists()]
logging.getLogger("app.test").warning("one record")
print(json.dumps({"quiet": quiet, "after": path.exists(), "path": str(path)}))
"""


def test_the_log_is_opened_by_the_first_record_only(tmp_path: Path) -> None:
    env = {**os.environ, "KENNING_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.run([sys.executable, "-c", QUIET_THEN_ONE], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    seen = json.loads(proc.stdout)
    assert seen["quiet"] == [False, False]  # a command that logs nothing pays for no log file
    assert seen["after"]
    log = Path(seen["path"])
    assert "one record" in log.read_text()
    assert log.stat().st_mode & 0o777 == 0o600
