"""SIGKILL in the middle of a large batch: the index stays consistent and converges."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import pytest

from tests.conftest import run_kenning
from tests.polling import wait_for
from tests.watching.conftest import indexed_paths, make_engine
from tests.watching.index_dump import dump_index
from tests.watching.watch_process import WatchProcess

FILES = 300


def _write_batch(tree: Path) -> None:
    for i in range(FILES):
        folder = tree / f"handlers{i // 50}"
        folder.mkdir(exist_ok=True)
        (folder / f"h{i}.py").write_text(
            f"def handle_{i}(request):\n    return request.get('field_{i}', {i})\n")


@pytest.mark.slow  # a batch large enough to be killed in (300 files), indexed three times
def test_killed_mid_batch_then_restarted_converges(tmp_path: Path) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    tree.mkdir()
    (tree / "seed.py").write_text("SEED = 1\n")
    first = WatchProcess(tree, db)
    try:
        first.wait_watching()
        _write_batch(tree)
        wait_for(lambda: len(indexed_paths(db)) >= 60, "the batch to be under way",
                 timeout=120, interval=0.05)
    finally:
        first.proc.send_signal(signal.SIGKILL)
        first.proc.wait()
    after_kill = dump_index(db)
    after_kill.assert_consistent()
    assert 60 <= len(after_kill.files) < FILES + 1, "killed in the middle of the batch"
    assert json.loads(run_kenning(["status", "--db", db, "--json"]).out)["watches"] == []

    second = WatchProcess(tree, db)  # its start-up scan finds the unfinished work
    try:
        second.wait_watching(timeout=180)
        assert second.of("batch")[0]["scan"]
        assert second.of("batch")[0]["indexed"] == FILES + 1 - len(after_kill.files)
        assert second.stop(signal.SIGTERM) == 0
    finally:
        second.close()

    fresh_db = tmp_path / "fresh.db"
    make_engine(fresh_db).index([tree])
    watched = dump_index(db)
    watched.assert_consistent()
    assert watched.content() == dump_index(fresh_db).content()
