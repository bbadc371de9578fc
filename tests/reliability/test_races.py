"""Files that change under the indexer between the walk and the read, and a root that
goes away (an unmounted drive) in the middle of a run.

The indexer stats every file first, then reads them one by one; the progress
callback runs after each file, so a test can change the tree at that exact
point, with the real indexer, store and model.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.core.indexing.indexer import Indexer
from app.core.indexing.progress import IndexProgress
from app.core.model.embedder import Embedder
from app.core.store.store import Store
from tests.reliability.helpers import (
    checked_dump,
    code_file,
    fresh_content,
    index_tree,
    write_code_tree,
)

SECRET = "only_outside_the_root_secret_value"


def test_files_that_vanish_grow_or_are_swapped_while_indexing(
        tmp_path: Path, embedder: Embedder) -> None:
    tree, outside = tmp_path / "tree", tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text(f"TOKEN = '{SECRET}'\n")
    tree.mkdir()
    # Walked in reverse name order: z_first.py is read first, the rest after the sabotage.
    (tree / "z_first.py").write_text(code_file(0))
    victims = {name: tree / f"{name}.py" for name in ("vanish", "grow", "link", "fifo", "edit")}
    for i, path in enumerate(victims.values(), 1):
        path.write_text(code_file(i))

    def sabotage(state: IndexProgress) -> None:
        if state.files_done != 1:
            return
        victims["vanish"].unlink()
        victims["grow"].write_text(code_file(2) * 40_000)  # now over the 1 MB limit
        victims["link"].unlink()
        victims["link"].symlink_to(outside / "secret.py")  # would leak outside the root
        victims["fifo"].unlink()
        os.mkfifo(victims["fifo"])  # open() of a FIFO blocks forever
        victims["edit"].write_text(code_file(5, variant=1))

    db = tmp_path / "index.db"
    report = index_tree(db, [tree], embedder, progress=sabotage)
    assert dict(report.skipped) == {
        str(victims["vanish"]): "vanished while indexing",
        str(victims["grow"]): "too large (over 1 MB)",
        str(victims["link"]): "not a regular file",
        str(victims["fifo"]): "not a regular file",
    }
    dump = checked_dump(db)
    assert [Path(str(f[0])).name for f in dump.files] == ["edit.py", "z_first.py"]
    assert not any(SECRET in str(chunk) for chunk in dump.chunks)

    index_tree(db, [tree], embedder)  # the next run settles what changed
    assert checked_dump(db).content() == fresh_content(tree, tmp_path / "fresh.db", embedder)


def test_a_root_that_disappears_mid_run_keeps_its_index(
        tmp_path: Path, embedder: Embedder) -> None:
    tree = tmp_path / "drive" / "code"
    files = write_code_tree(tree, 12)
    db = tmp_path / "index.db"
    index_tree(db, [tree], embedder)
    before = checked_dump(db)
    for path in files:
        path.write_text(code_file(files.index(path), variant=1))
    unmounted = tmp_path / "unmounted"

    def unmount(state: IndexProgress) -> None:
        if state.files_done == 3 and not unmounted.exists():
            (tmp_path / "drive").rename(unmounted)

    report = index_tree(db, [tree], embedder, progress=unmount)
    assert (report.files_removed, report.skipped) == (0, [])
    assert report.missing_roots == [str(tree)]
    during = checked_dump(db)
    assert len(during.files) == len(before.files)  # nothing was thrown away

    with Store(db) as store:  # while it is gone, a watcher's update leaves it alone
        report = Indexer(store, lambda: embedder).update([tree / "pkg0", tree / "pkg1"])
    assert report.missing_roots == [str(tree)]
    assert len(checked_dump(db).files) == len(before.files)
    unmounted.rename(tmp_path / "drive")
    index_tree(db, [tree], embedder)
    assert checked_dump(db).content() == fresh_content(tree, tmp_path / "fresh.db", embedder)


def test_a_root_left_empty_keeps_its_index_until_it_holds_something(
        tmp_path: Path, embedder: Embedder) -> None:
    """An unmounted drive leaves its mount point behind, empty: a scan of it must not
    throw the drive's index away. One file back in it, and the scan settles the rest."""
    mount_point = tmp_path / "drive"
    files = write_code_tree(mount_point, 6)
    db = tmp_path / "index.db"
    index_tree(db, [mount_point], embedder)
    before = checked_dump(db)
    hidden = tmp_path / "elsewhere"
    mount_point.rename(hidden)
    mount_point.mkdir()

    report = index_tree(db, [mount_point], embedder)
    assert (report.empty_roots, report.files_removed) == ([str(mount_point)], 0)
    assert checked_dump(db).content() == before.content()
    with Store(db) as store:  # a watcher's scan of the root leaves it alone too
        report = Indexer(store, lambda: embedder).update([mount_point])
    assert report.empty_roots == [str(mount_point)]
    assert checked_dump(db).content() == before.content()

    (mount_point / "new.py").write_text(code_file(99))
    report = index_tree(db, [mount_point], embedder)
    assert report.empty_roots == [] and report.files_removed == len(files)
    assert checked_dump(db).content() == fresh_content(mount_point, tmp_path / "fresh.db",
                                                       embedder)
