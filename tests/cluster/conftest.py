"""A real Ray cluster on 127.0.0.1 (`ray start --head`), a code tree and its local index.

The cluster tests run where the `cluster` extra is installed (`.ci/run` installs
it); without Ray they are skipped and `make test` passes as before.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import run_kenning

HEAD_START_SECONDS = 60
WORKERS = 2
# Snippets in the tree: enough that a kill lands while the workers embed (a few batches).
FILES, FUNCTIONS = 40, 8


@dataclass(frozen=True)
class RayHead:
    address: str
    temp_dir: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def ray_head() -> Iterator[RayHead]:
    """A head node with WORKERS CPUs, its own ports and temporary folder; stopped at the end."""
    pytest.importorskip("ray", reason="the cluster extra is not installed")
    port = free_port()
    # Short: Ray's socket paths must fit in 107 bytes.
    temp_dir = Path(tempfile.mkdtemp(prefix="kr", dir="/tmp"))
    command = [str(Path(sys.executable).parent / "ray"), "start", "--head", "--block",
               "--node-ip-address=127.0.0.1", f"--port={port}", f"--num-cpus={WORKERS}",
               "--include-dashboard=false", "--disable-usage-stats", f"--temp-dir={temp_dir}",
               f"--dashboard-agent-listen-port={free_port()}"]
    log = (temp_dir / "head.log").open("w")
    # RAY_AUTH_MODE: a test cluster without token authentication (Ray >= 2.5x turns it on).
    head = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True,
                            env={**os.environ, "RAY_AUTH_MODE": "disabled"})
    try:
        _wait_listening(head, port, temp_dir / "head.log")
        yield RayHead(f"127.0.0.1:{port}", temp_dir)
    finally:
        head.send_signal(signal.SIGTERM)
        try:
            head.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(head.pid, signal.SIGKILL)
            head.wait()
        log.close()


def _wait_listening(head: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + HEAD_START_SECONDS
    while time.monotonic() < deadline:
        if head.poll() is not None:
            pytest.fail(f"ray start exited ({head.returncode}):\n{log.read_text()[-3000:]}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"the Ray head did not listen on {port} within {HEAD_START_SECONDS} s")


def write_tree(root: Path) -> Path:
    """FILES modules of FUNCTIONS small, distinct functions each."""
    verbs = ["parse", "load", "save", "merge", "split", "count", "render", "check", "retry",
             "compare"]
    nouns = ["config", "token", "record", "version", "header", "path", "buffer", "user",
             "order", "metric"]
    root.mkdir(parents=True)
    for f in range(FILES):
        lines = [f'"""Helpers for {nouns[f % 10]} handling ({f})."""', ""]
        for g in range(FUNCTIONS):
            verb, noun = verbs[(f + g) % 10], nouns[(f * 3 + g) % 10]
            lines += [f"def {verb}_{noun}_{f}_{g}(items, limit={g + 1}):",
                      f'    """{verb.capitalize()} the {noun} items, {g + 1} at a time."""',
                      "    out = []",
                      "    for i, item in enumerate(items):",
                      f"        if i % {g + 2} == {f % (g + 2)}:",
                      f"            out.append(str(item).strip().lower() + '{noun}{f}')",
                      "    return sorted(out, key=len)[:limit]", ""]
        (root / f"mod_{f:03d}.py").write_text("\n".join(lines))
    return root


@pytest.fixture(scope="session")
def cluster_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tree(tmp_path_factory.mktemp("cluster") / "tree")


@pytest.fixture(scope="session")
def local_index(cluster_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tree indexed here, without Ray: what every cluster run must equal."""
    db = tmp_path_factory.mktemp("local") / "local.db"
    run = run_kenning(["index", cluster_tree, "--db", db, "-q"])
    assert run.code == 0, run.err
    return db
