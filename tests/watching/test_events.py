"""What reaches the queue: real watchdog observers on real folders, editors' save dances."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from app.core.files.rules import IgnoreOptions
from app.core.watching import observers
from app.core.watching.events import ChangeHandler
from app.core.watching.filter import EventFilter, Watched
from app.core.watching.mounts import eventless_reason, mount_of, parse_mounts
from app.core.watching.observers import Watchers
from app.core.watching.queue import Batch, ChangeQueue


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "a.py").write_text("def a():\n    return 1\n")
    (root / ".gitignore").write_text("*.log\ngenerated/\n")
    return root


def _filter(tree: Path) -> EventFilter:
    return EventFilter([Watched(tree, tree)], IgnoreOptions(),
                       private=[tree / "index.db", tree / "index.db-wal"])


@pytest.mark.parametrize(("name", "wanted"), [
    ("pkg/a.py", True), ("pkg/new_module.rs", True), ("pkg/a.py~", False),
    ("pkg/.a.py.swp", False), ("pkg/.a.py.swx", False), ("pkg/4913", False),
    ("pkg/.goutputstream-XK3L2Z", False), ("pkg/a.py___jb_tmp___", False),
    ("pkg/a.py___jb_old___", False), ("pkg/#a.py#", False), ("pkg/.#a.py", False),
    ("node_modules/left-pad/index.js", False), (".git/index", False),
    ("build/lib/a.py", False), ("pkg/debug.log", False), ("generated/api.py", False),
    ("pkg/logo.png", False), ("index.db", False), ("index.db-wal", False),
])
def test_only_what_the_walk_would_index_is_wanted(tree: Path, name: str, wanted: bool) -> None:
    assert _filter(tree).wanted(tree / name, is_dir=False) is wanted


def test_folders_outside_or_ignored_are_not_wanted(tree: Path) -> None:
    paths = _filter(tree)
    assert paths.wanted(tree, is_dir=True)
    assert paths.wanted(tree / "pkg", is_dir=True)
    assert not paths.wanted(tree / "node_modules", is_dir=True)
    assert not paths.wanted(tree / "generated", is_dir=True)
    assert not paths.wanted(tree.parent / "elsewhere.py", is_dir=False)


@pytest.fixture
def queued(tree: Path) -> Iterator[ChangeQueue]:
    """A real observer on `tree` feeding a queue through the real handler."""
    queue = ChangeQueue(quiet=0.4, max_delay=5.0)
    observer = Observer()
    observer.schedule(ChangeHandler(_filter(tree), queue), str(tree), recursive=True)
    observer.start()
    try:
        yield queue
    finally:
        observer.stop()
        observer.join()


def _take(queue: ChangeQueue) -> Batch:
    batch = queue.take(timeout=10)
    assert batch is not None
    return batch


def test_gedit_save_is_one_change(tree: Path, queued: ChangeQueue) -> None:
    target = tree / "pkg" / "a.py"
    temporary = tree / "pkg" / ".goutputstream-Q1W2E3"
    temporary.write_text("def a():\n    return 2\n")
    os.replace(temporary, target)
    assert _take(queued) == Batch([target])


def test_vim_save_with_backup_is_one_change(tree: Path, queued: ChangeQueue) -> None:
    target = tree / "pkg" / "a.py"
    probe = tree / "pkg" / "4913"
    probe.write_text("")
    probe.unlink()
    backup = tree / "pkg" / "a.py~"
    os.rename(target, backup)
    target.write_text("def a():\n    return 3\n")
    backup.unlink()
    swap = tree / "pkg" / ".a.py.swp"
    swap.write_bytes(b"b0VIM 9.0")
    swap.unlink()
    assert _take(queued) == Batch([target])


def test_jetbrains_safe_write_is_one_change(tree: Path, queued: ChangeQueue) -> None:
    target = tree / "pkg" / "a.py"
    temporary = tree / "pkg" / "a.py___jb_tmp___"
    old = tree / "pkg" / "a.py___jb_old___"
    temporary.write_text("def a():\n    return 4\n")
    os.rename(target, old)
    os.rename(temporary, target)
    old.unlink()
    assert _take(queued) == Batch([target])


def test_ignored_churn_queues_nothing(tree: Path, queued: ChangeQueue) -> None:
    for folder in (".git/objects/ab", "node_modules/pkg", "generated"):
        (tree / folder).mkdir(parents=True)
        for i in range(20):
            (tree / folder / f"f{i}.js").write_text("x")
    (tree / "pkg" / "trace.log").write_text("noise\n")
    assert queued.take(timeout=1.5) is None


def test_renames_are_moves_and_folders_are_bulk(tree: Path, queued: ChangeQueue) -> None:
    os.rename(tree / "pkg", tree / "lib")
    batch = _take(queued)
    assert (tree / "pkg", tree / "lib") in batch.moves
    assert {tree / "pkg", tree / "lib"} <= batch.folders
    assert not batch.urgent


def test_an_ignore_file_change_rewalks_its_folder(tree: Path, queued: ChangeQueue) -> None:
    (tree / "pkg" / ".ignore").write_text("*.tmp\n")
    batch = _take(queued)
    assert tree / "pkg" in batch.folders


MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
server:/export/home /home/me/net nfs4 rw,relatime,vers=4.2 0 0
//nas/share /mnt/My\\040Share cifs rw 0 0
/dev/vdb /home/me/net/local ext4 rw 0 0
"""


def test_network_mounts_are_polled() -> None:
    mounts = parse_mounts(MOUNTS)
    assert mount_of(Path("/mnt/My Share/src"), mounts).fs_type == "cifs"  # type: ignore[union-attr]
    assert "nfs4" in (eventless_reason(Path("/home/me/net/src"), MOUNTS) or "")
    assert eventless_reason(Path("/home/me/net/local/src"), MOUNTS) is None  # deepest wins
    assert eventless_reason(Path("/home/me/code"), MOUNTS) is None


class _StuckHandler(FileSystemEventHandler):
    """Blocks the observer's thread in its first event until released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.entered.set()
        self.release.wait(30)


def test_stop_returns_when_a_watcher_thread_is_stuck(
        tree: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(observers, "STOP_TIMEOUT", 0.5)
    handler = _StuckHandler()
    watchers = Watchers(handler, _filter(tree), poll_interval=0.1, force_polling=False,
                        on_overflow=lambda: None)
    try:
        watchers.watch(tree)
        (tree / "pkg" / "b.py").write_text("x = 1\n")
        assert handler.entered.wait(10)
        started = time.monotonic()
        with caplog.at_level(logging.WARNING, logger=observers.__name__):
            watchers.stop()
        assert time.monotonic() - started < 3
        assert "did not stop within" in caplog.text
    finally:
        handler.release.set()
