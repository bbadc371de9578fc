"""`kenning watch` in a subprocess, checked with `kenning search` and `kenning status`."""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_kenning
from tests.polling import wait_for
from tests.watching.index_dump import dump_index
from tests.watching.watch_process import WatchProcess

HASHER = '''\
def zorblax(data, window):
    """Adler-32 style checksum over a sliding window of bytes."""
    a, b = 1, 0
    for byte in data[-window:]:
        a = (a + byte) % 65521
        b = (b + a) % 65521
    return (b << 16) | a
'''


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    tree = tmp_path / "proj"
    tree.mkdir()
    (tree / "main.py").write_text("def main():\n    print('hello')\n")
    return tree


def _watching(tree: Path, tmp_path: Path, *how: str) -> Iterator[WatchProcess]:
    process = WatchProcess(tree, tmp_path / "index.db", *how)
    try:
        process.wait_watching()
        yield process
    finally:
        process.close()


@pytest.fixture
def watcher(tree: Path, tmp_path: Path) -> Iterator[WatchProcess]:
    yield from _watching(tree, tmp_path)


@pytest.fixture(params=[(), ("--poll",)], ids=["native", "polling"])
def each_watcher(request: pytest.FixtureRequest, tree: Path,
                 tmp_path: Path) -> Iterator[WatchProcess]:
    """A watcher on native events, then one that polls."""
    yield from _watching(tree, tmp_path, *request.param)


def _top_paths(db: Path, query: str, *mode: str) -> list[str]:
    run = run_kenning(["search", query, "--db", db, "--json", "-k", "3", *mode])
    assert run.code == 0, run.err
    return [r["rel_path"] for r in run.json_lines()[0]["results"]]


def _search_finds(db: Path, query: str, rel_path: str) -> bool:
    return _top_paths(db, query)[:1] == [rel_path]


def test_watch_follows_edits_until_sigterm(tree: Path, tmp_path: Path,
                                           watcher: WatchProcess) -> None:
    db = tmp_path / "index.db"
    (tree / "checksum.py").write_text(HASHER)
    wait_for(lambda: _search_finds(db, "sliding window checksum of bytes", "checksum.py"),
             "the new function to be found")

    (tree / "checksum.py").write_text(HASHER.replace("zorblax", "quuxify"))
    wait_for(lambda: _top_paths(db, "quuxify", "--mode", "lexical") == ["checksum.py"],
             "the edit to be found")
    assert _top_paths(db, "zorblax", "--mode", "lexical") == []  # the old name is gone

    batches = len(watcher.of("batch"))
    os.rename(tree / "checksum.py", tree / "hashing.py")
    wait_for(lambda: _search_finds(db, "sliding window checksum of bytes", "hashing.py"),
             "the renamed file to be found")
    renamed = watcher.of("batch")[batches:]
    assert sum(b["moved"] for b in renamed) == 1
    assert sum(b["embedded"] for b in renamed) == 0

    temporary = tree / ".goutputstream-J4K5L6"  # an atomic save
    temporary.write_text(HASHER.replace("zorblax", "wibblex"))
    os.replace(temporary, tree / "hashing.py")
    wait_for(lambda: _top_paths(db, "wibblex", "--mode", "lexical") == ["hashing.py"],
             "the atomic save to be found")

    status = run_kenning(["status", "--db", db])
    assert f"watching:  {tree} (native events; pid {watcher.proc.pid})" in status.out

    (tree / "hashing.py").unlink()
    wait_for(lambda: _top_paths(db, "wibblex", "--mode", "lexical") == [],
             "the deleted file to go")

    assert watcher.stop(signal.SIGTERM) == 0
    assert watcher.of("state")[-1]["state"] == "stopped"
    # Each batch was announced with its size, and its files' progress reported.
    started, batches = watcher.of("indexing"), watcher.of("batch")
    assert [e["paths"] for e in started] == [b["paths"] for b in batches]
    assert any(e["files_done"] == e["files_total"] == 1 for e in watcher.of("progress"))
    assert json.loads(run_kenning(["status", "--db", db, "--json"]).out)["watches"] == []
    dump_index(db).assert_consistent()


def test_sigint_stops_cleanly(tree: Path, watcher: WatchProcess) -> None:
    assert watcher.stop(signal.SIGINT) == 0


def test_a_root_deleted_and_made_again_is_watched_again(tree: Path, tmp_path: Path,
                                                        each_watcher: WatchProcess) -> None:
    _delete_and_make_again(tree, tmp_path / "index.db", each_watcher)


def _delete_and_make_again(tree: Path, db: Path, watcher: WatchProcess) -> None:
    shutil.rmtree(tree)
    watcher.wait_event("error", lambda e: "is gone" in e["message"], timeout=30)
    assert _top_paths(db, "main", "--mode", "lexical") == ["main.py"]  # the index is kept
    tree.mkdir()
    (tree / "checksum.py").write_text(HASHER)
    wait_for(lambda: _top_paths(db, "zorblax", "--mode", "lexical") == ["checksum.py"],
             "a file of the folder made again to be found", timeout=30)
    watcher.wait_event("resumed", lambda e: e["path"] == str(tree), timeout=5)
    wait_for(lambda: _top_paths(db, "main", "--mode", "lexical") == [],
             "the file of the deleted folder to go", timeout=30)
    # Deleted and made again at once (`rm -rf`, then a checkout); a file comes later.
    # Empty, the folder looks like an unmounted drive's mount point: its index is kept
    # until it holds something, then scanned.
    # (Unless the file's own deletion event came first: then it is already gone.)
    shutil.rmtree(tree)
    tree.mkdir()
    wait_for(lambda: any("is empty" in e["message"] for e in watcher.of("error"))
             or _top_paths(db, "zorblax", "--mode", "lexical") == [],
             "the empty folder or the deletion to be seen", timeout=30)
    (tree / "hashing.py").write_text(HASHER.replace("zorblax", "quuxify"))
    wait_for(lambda: _top_paths(db, "quuxify", "--mode", "lexical") == ["hashing.py"],
             "a file of the folder replaced at once to be found", timeout=30)
    wait_for(lambda: _top_paths(db, "zorblax", "--mode", "lexical") == [],
             "the deletion to be indexed once the folder holds something", timeout=30)
    assert watcher.stop(signal.SIGTERM) == 0
    dump_index(db).assert_consistent()


def test_a_root_moved_away_and_made_again_is_watched_again(tree: Path, tmp_path: Path,
                                                          each_watcher: WatchProcess) -> None:
    """`mv proj proj-old; mkdir proj`: native events would follow the moved folder."""
    db = tmp_path / "index.db"
    moved = tmp_path / "proj-old"
    os.rename(tree, moved)
    tree.mkdir()
    (tree / "checksum.py").write_text(HASHER)
    wait_for(lambda: _top_paths(db, "zorblax", "--mode", "lexical") == ["checksum.py"],
             "a file of the new folder to be found", timeout=30)
    wait_for(lambda: _top_paths(db, "main", "--mode", "lexical") == [],
             "the file moved away with the old folder to go", timeout=30)
    # The moved folder is no longer followed: a file made there is not indexed
    # (a later file of the new folder being found says the watcher has caught up).
    (moved / "stray.py").write_text("def glorpify(items):\n    return items\n")
    (tree / "hashing.py").write_text(HASHER.replace("zorblax", "quuxify"))
    wait_for(lambda: _top_paths(db, "quuxify", "--mode", "lexical") == ["hashing.py"],
             "a later file of the new folder to be found", timeout=30)
    assert _top_paths(db, "glorpify", "--mode", "lexical") == []
    assert each_watcher.stop(signal.SIGTERM) == 0
    dump_index(db).assert_consistent()


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    run = run_kenning(["watch", tmp_path / "nope", "--db", tmp_path / "i.db"])
    assert run.code == 1 and "does not exist" in run.err


@pytest.mark.slow  # 2,000 files embedded by the child on one thread: ~1 min
def test_a_burst_through_kenning_watch_matches_a_fresh_index(tree: Path, tmp_path: Path,
                                                             watcher: WatchProcess) -> None:
    db = tmp_path / "index.db"
    before = len(watcher.of("batch"))
    for i in range(2000):  # a checkout: 2,000 tiny files in ten new folders
        folder = tree / f"pkg{i % 10}"
        folder.mkdir(exist_ok=True)
        (folder / f"m{i}.py").write_text(f"LIMIT_{i} = {i}\n")

    def indexed() -> int:
        return sum(b["indexed"] for b in watcher.of("batch")[before:])

    try:
        wait_for(lambda: indexed() >= 2000, "the burst to be indexed", timeout=600,
                 interval=0.5)
    except AssertionError:
        raise AssertionError(f"{indexed()} files indexed; events: "
                             f"{[e for e in watcher.events if e['event'] != 'progress'][-8:]}"
                             ) from None
    batches = watcher.of("batch")[before:]
    print(f"\n2,000-file burst through `kenning watch`: {len(batches)} batch(es): "
          + ", ".join(f"{b['paths']} paths/{b['indexed']} files" for b in batches))
    assert len(batches) <= 3  # coalesced, not 2,000 re-indexes
    assert watcher.stop(signal.SIGTERM) == 0
    fresh = tmp_path / "fresh.db"
    assert run_kenning(["index", tree, "--db", fresh]).code == 0
    watched = dump_index(db)
    watched.assert_consistent()
    assert watched.content() == dump_index(fresh).content()
