"""`kenning index --ray`: the embedding on a real Ray cluster, the index written here.

Each run is compared with the same tree indexed locally: same files, snippets
and full-text rows, vectors equal bit for bit, same search results.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.core.search.vector_index import float_vectors
from app.core.store.store import Store
from tests.cluster.conftest import WORKERS, RayHead
from tests.conftest import REPO, run_kenning
from tests.reliability.helpers import checked_dump, kenning, one_clear_line, without_dac_override

QUERIES = ("retry the token items", "compare two versions", "render a header")
RUN_SECONDS = 600


def vectors(db: Path) -> dict[tuple[object, ...], bytes]:
    """Every snippet's stored float vector, by file and lines."""
    with Store(db, readonly=True) as store, store.conn:
        rows = store.conn.execute(
            "SELECT c.id, f.path, c.start_line, c.end_line FROM chunks c "
            "JOIN files f ON f.id = c.file_id").fetchall()
        ids, found = float_vectors(store.conn, [r[0] for r in rows])
        where = {r[0]: r[1:] for r in rows}
        return {where[i]: np.asarray(v, dtype=np.float32).tobytes()
                for i, v in zip(ids, found, strict=True)}


def searches(db: Path) -> list[list[tuple[object, ...]]]:
    results = []
    for query in QUERIES:
        run = run_kenning(["search", query, "--db", db, "--json", "-k", "5"],
                          env={"KENNING_SEARCH_LOCAL": "1"})
        assert run.code == 0, run.err
        results.append([(r["path"], r["start_line"], r["score"])
                        for r in run.json_lines()[0]["results"]])
    return results


def snippets(db: Path) -> int:
    return len(checked_dump(db).chunks)


def assert_same_index(db: Path, local: Path) -> None:
    assert checked_dump(db).content() == checked_dump(local).content()
    ours, theirs = vectors(db), vectors(local)
    assert len(ours) == snippets(local) and ours == theirs
    assert searches(db) == searches(local)


def start_index(tree: Path, db: Path, address: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "app", "index", str(tree), "--db", str(db),
                             "--ray", address, "--json"], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_for_embedding(proc: subprocess.Popen) -> dict:
    """Read progress lines until some snippets have vectors (the workers are running)."""
    assert proc.stdout is not None
    for line in proc.stdout:
        event = json.loads(line)
        if event.get("event") == "progress" and 0 < event["snippets"] < event["embed_total"]:
            return event
    pytest.fail(f"the run ended before it embedded anything: {proc.wait()} {proc.stderr.read()}")


def ray_workers() -> list[int]:
    """Process ids of Kenning's Ray actors on this machine (their title is set by Ray)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            title = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if title.startswith(b"ray::EmbedWorker"):
            pids.append(int(entry.name))
    return pids


def test_cluster_index_equals_local_index(ray_head: RayHead, cluster_tree: Path,
                                          local_index: Path, tmp_path: Path) -> None:
    db = tmp_path / "cluster.db"
    run = run_kenning(["index", cluster_tree, "--db", db, "--ray", ray_head.address, "--json"],
                      timeout=RUN_SECONDS)
    assert run.code == 0, run.err
    events = run.json_lines()
    assert events[-1]["event"] == "done"
    assert events[-1]["snippets_embedded"] == snippets(local_index)
    assert max(e.get("workers", 0) for e in events) == WORKERS
    assert_same_index(db, local_index)
    # Desktops open the finished file where they cannot write.
    shared = tmp_path / "share"
    shared.mkdir()
    shutil.copy(db, shared / "team.db")
    (shared / "team.db").chmod(0o444)
    shared.chmod(0o555)
    try:
        read = kenning(["search", QUERIES[0], "--db", shared / "team.db", "--json", "-k", "5"],
                       {"KENNING_SEARCH_LOCAL": "1"}, prefix=without_dac_override())
    finally:
        shared.chmod(0o755)
    assert read.code == 0, read.err
    assert [(r["path"], r["start_line"], r["score"]) for r in read.json_lines()[0]["results"]
            ] == searches(local_index)[0]
    # Unchanged snippets are not sent again.
    again = run_kenning(["index", cluster_tree, "--db", db, "--ray", ray_head.address,
                         "--json"], timeout=RUN_SECONDS)
    assert again.code == 0, again.err
    assert again.json_lines()[-1]["snippets_embedded"] == 0


def test_a_worker_killed_mid_run(ray_head: RayHead, cluster_tree: Path, local_index: Path,
                                 tmp_path: Path) -> None:
    db = tmp_path / "cluster.db"
    proc = start_index(cluster_tree, db, ray_head.address)
    try:
        wait_for_embedding(proc)
        workers = ray_workers()
        assert len(workers) == WORKERS
        os.kill(workers[0], signal.SIGKILL)
        out, err = proc.communicate(timeout=RUN_SECONDS)
    finally:
        proc.kill()
    assert proc.returncode == 0, err
    events = [json.loads(line) for line in out.splitlines()]
    assert events[-1]["snippets_embedded"] == snippets(local_index) and not events[-1]["cancelled"]
    assert events[-2]["workers"] == WORKERS - 1  # the batch went to the worker left
    assert_same_index(db, local_index)


def test_the_driver_killed_mid_run_resumes(ray_head: RayHead, cluster_tree: Path,
                                           local_index: Path, tmp_path: Path) -> None:
    db = tmp_path / "cluster.db"
    proc = start_index(cluster_tree, db, ray_head.address)
    try:
        wait_for_embedding(proc)
        proc.send_signal(signal.SIGKILL)
        proc.wait(RUN_SECONDS)
    finally:
        proc.kill()
    dump = checked_dump(db)  # consistent: every file written, some snippets without vectors
    assert len(dump.chunks) == snippets(local_index) and 0 < dump.vectors < len(dump.chunks)
    run = run_kenning(["index", cluster_tree, "--db", db, "--ray", ray_head.address, "--json"],
                      timeout=RUN_SECONDS)
    assert run.code == 0, run.err
    assert run.json_lines()[-1]["snippets_embedded"] == len(dump.chunks) - dump.vectors
    assert_same_index(db, local_index)


def test_an_unreachable_cluster_loses_nothing(ray_head: RayHead, cluster_tree: Path,
                                              local_index: Path, tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    run = run_kenning(["index", cluster_tree, "--db", db, "-q"])
    assert run.code == 0, run.err
    before = checked_dump(db)
    (cluster_tree / "mod_new.py").write_text("def fresh():\n    return 1\n")
    try:
        run = run_kenning(["index", cluster_tree, "--db", db, "--ray", "127.0.0.1:1"],
                          timeout=60)
    finally:
        (cluster_tree / "mod_new.py").unlink()
    assert run.code == 1
    assert "cannot reach the Ray cluster at 127.0.0.1:1" in one_clear_line(run.err)
    assert checked_dump(db) == before


def test_without_ray_installed_one_clear_line(tmp_path: Path, cluster_tree: Path) -> None:
    """Where the extra is missing (a `ray` that cannot be imported first on the path)."""
    shadow = tmp_path / "shadow" / "ray"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'ray'\", "
                                         "name='ray')\n")
    run = run_kenning(["index", cluster_tree, "--db", tmp_path / "x.db", "--ray"],
                      env={"PYTHONPATH": str(shadow.parent)})
    assert run.code == 1
    assert "pip install 'kenning[cluster]'" in one_clear_line(run.err)
    assert not (tmp_path / "x.db").exists()
