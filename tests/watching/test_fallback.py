"""Out of inotify watches: poll instead, and tell the user how to fix it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_kenning
from tests.polling import wait_for
from tests.watching.watch_process import WatchProcess

# A user namespace has its own inotify limits (/proc/sys/user/max_inotify_watches):
# the watcher runs out of watches without touching the machine's settings.
LIMITED = ["unshare", "--user", "--map-root-user", "sh", "-c",
           'echo 3 > /proc/sys/user/max_inotify_watches && exec "$@"', "sh"]


def _user_namespaces() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run([*LIMITED, "true"], capture_output=True)
    return probe.returncode == 0


def _wait_found(db: Path, word: str, rel_path: str, what: str) -> None:
    wait_for(lambda: rel_path in run_kenning(
        ["search", word, "--db", db, "--mode", "lexical"]).out, what)


@pytest.mark.skipif(not _user_namespaces(), reason="needs unprivileged user namespaces")
def test_watch_limit_falls_back_to_polling(tmp_path: Path) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    for i in range(6):
        (tree / f"pkg{i}").mkdir(parents=True)
        (tree / f"pkg{i}" / "mod.py").write_text(f"def part_{i}():\n    return {i}\n")
    watcher = WatchProcess(tree, db, prefix=LIMITED)
    try:
        watch = watcher.wait_event("watch")
        assert watch["mode"] == "polling"
        assert "inotify watch limit" in watch["reason"]
        assert "sudo sysctl fs.inotify.max_user_watches=524288" in watch["hint"]
        watcher.wait_watching()

        status = run_kenning(["status", "--db", db]).out
        assert f"watching:  {tree} (polling: the inotify watch limit is reached" in status
        assert "to fix it, raise the limit: sudo sysctl fs.inotify.max_user_watches=" in status

        (tree / "pkg4" / "late.py").write_text("def arrived_while_polling():\n    return 1\n")
        _wait_found(db, "arrived_while_polling", "pkg4/late.py", "a polled change to be indexed")
        assert watcher.stop() == 0
    finally:
        watcher.close()


@pytest.mark.skipif(not _user_namespaces(), reason="needs unprivileged user namespaces")
def test_running_out_of_watches_later_switches_to_polling(tmp_path: Path) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    (tree / "pkg").mkdir(parents=True)  # 2 folders: within the limit of 3
    watcher = WatchProcess(tree, db, prefix=LIMITED)
    try:
        assert watcher.wait_event("watch")["mode"] == "native"
        watcher.wait_watching()
        for name in ("api", "cli"):  # the 4th folder gets no watch
            (tree / name).mkdir()
            (tree / name / f"{name}.py").write_text(f"def {name}_entry_point():\n    pass\n")
        switched = watcher.wait_event("watch", lambda e: e["mode"] == "polling")
        assert "max_user_watches" in switched["hint"]
        (tree / "cli" / "later.py").write_text("def polled_after_switch():\n    pass\n")
        _wait_found(db, "polled_after_switch", "cli/later.py",
                    "a change in the unwatched folder to be indexed")
        assert watcher.stop() == 0
    finally:
        watcher.close()
