"""SIGKILL `kenning index` at random points, 20 times, while the tree keeps changing:
after every kill the index is intact (integrity_check, no orphan vector or
full-text row), and once a run completes it equals a fresh index of the tree.

Half the kills come after a random delay (start-up, model load, walk); the
other half once the indexer has committed a random number of transactions
(mid-write), so they land inside indexing whatever the machine's load.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import apsw
import pytest

from app.core.model.embedder import Embedder
from tests.conftest import REPO
from tests.reliability.helpers import checked_dump, code_file, fresh_content, write_code_tree

KILLS = 20
FILES = 24


def _files_committed(db: Path) -> int:
    try:
        conn = apsw.Connection(str(db), flags=apsw.SQLITE_OPEN_READONLY)
        try:
            return conn.execute("SELECT count(*) FROM files").fetchone()[0]
        finally:
            conn.close()
    except apsw.Error:  # not created yet, or its schema not yet
        return -1


def _wait_for_commits(db: Path, proc: subprocess.Popen, commits: int) -> None:
    """Return once the indexer committed `commits` more transactions (or ended)."""
    deadline = time.monotonic() + 120
    while not db.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    conn = apsw.Connection(str(db), flags=apsw.SQLITE_OPEN_READONLY)
    conn.set_busy_timeout(10_000)
    try:
        seen, start = 0, conn.execute("PRAGMA data_version").fetchone()[0]
        while proc.poll() is None and seen < commits and time.monotonic() < deadline:
            time.sleep(0.005)
            now = conn.execute("PRAGMA data_version").fetchone()[0]
            seen, start = seen + (now != start), now
    finally:
        conn.close()


def _index_killed(tree: Path, db: Path, env: dict[str, str], rng: random.Random,
                  by_commits: bool) -> bool:
    """Start `kenning index`, SIGKILL it at a random point; whether it was still running."""
    proc = subprocess.Popen([sys.executable, "-m", "app", "index", str(tree), "--db", str(db),
                             "-q"], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        if by_commits:
            _wait_for_commits(db, proc, rng.randint(1, 4))
        else:
            time.sleep(rng.uniform(0.05, 1.5))
        running = proc.poll() is None
        proc.send_signal(signal.SIGKILL)
    finally:
        _, err = proc.communicate(timeout=60)
    assert running or proc.returncode == 0, err.decode()
    return running


def _change(tree: Path, files: list[Path], rng: random.Random, round_: int) -> None:
    """Edit a few files and add, delete or rename one, so every run has work to do."""
    for path in rng.sample([f for f in files if f.exists()], 3):
        path.write_text(code_file(files.index(path), variant=round_))
    victim = rng.choice([f for f in files if f.exists()])
    action = rng.choice(["add", "delete", "rename"])
    if action == "add":
        files.append(tree / "added" / f"new{round_}.py")
        files[-1].parent.mkdir(exist_ok=True)
        files[-1].write_text(code_file(len(files) - 1))
    elif action == "delete":
        victim.unlink()
    else:
        victim.rename(victim.with_name(f"renamed{round_}.py"))


# Slow (~30 s on 2 idle cores, more under load): 21 fresh interpreters, each loading the
# model; fewer kills would not reach the bar of 20 random points.
@pytest.mark.slow
def test_sigkill_at_random_points_never_damages_the_index(
        tmp_path: Path, app_env: dict[str, str], embedder: Embedder) -> None:
    env = {**os.environ, **app_env}
    rng = random.Random(20_260_329)
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    files = write_code_tree(tree, FILES)
    killed_running = 0
    for round_ in range(KILLS):
        _change(tree, files, rng, round_)
        killed_running += _index_killed(tree, db, env, rng, by_commits=round_ % 2 == 1)
        if db.exists() and _files_committed(db) >= 0:
            checked_dump(db)  # intact after every single kill
    assert killed_running >= KILLS // 2, f"only {killed_running} kills hit a running index"

    done = subprocess.run([sys.executable, "-m", "app", "index", str(tree), "--db", str(db)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert checked_dump(db).content() == fresh_content(tree, tmp_path / "fresh.db", embedder)
