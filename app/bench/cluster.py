"""Section 7: `kenning index --ray` with 1 and 2 Ray workers against the local indexer.

All three index the same tree (a copy of stdlib packages) from scratch, one
after the other in the same run, as `kenning index --json` subprocesses: the
local one with 2 model threads, the Ray ones on a local Ray started for the
run (`--ray`, one llama.cpp thread per worker). Times come from the JSON
events: end to end (process start to exit, Ray's start-up included) and the
embedding phase alone (its first event to the end).

What N machines would give: each worker embeds at the 1-worker run's rate,
and the driver, which walks, chunks and writes every snippet and vector
itself, caps the whole. Its ceiling is measured here: the first phase
(walk, chunk, write) in process, then the vectors' writes alone (random unit
vectors, in the batches a cluster run commits).
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.bench.context import BenchContext
from app.bench.corpus import STDLIB
from app.bench.indexing import copy_tree
from app.bench.report import Section
from app.bench.timing import LoadWindow
from app.core.cluster.pool import batch_size
from app.core.files.rules import IgnoreOptions
from app.core.indexing.indexer import Indexer
from app.core.indexing.progress import IndexProgress
from app.core.model.embedder import Embedder
from app.core.store.store import Store

LOCAL_THREADS = 2
PROJECTED = (2, 8, 32, 128)


@dataclass
class ClusterRun:
    label: str
    seconds: float          # end to end
    embed_seconds: float    # the embedding phase
    snippets: int
    workers: int

    @property
    def rate(self) -> float:
        return self.snippets / self.seconds

    @property
    def embed_rate(self) -> float:
        return self.snippets / self.embed_seconds


def index_run(label: str, tree: Path, db: Path, extra: list[str]) -> ClusterRun:
    """`kenning index TREE --json` in a fresh process; its times and counts."""
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "app", "index", str(tree), "--db", str(db),
                             "--json", *extra], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    embed_started, workers, done = None, 0, {}
    assert proc.stdout is not None
    for line in proc.stdout:
        event = json.loads(line)
        if event["event"] == "progress" and event["embed_total"] and embed_started is None:
            embed_started = time.perf_counter()
        workers = max(workers, int(event.get("workers", 0)))
        done = event
    err = proc.stderr.read() if proc.stderr else ""
    if proc.wait() != 0 or done.get("event") != "done":
        raise RuntimeError(f"{label}: kenning index failed: {err.strip()[-500:]}")
    ended = time.perf_counter()
    return ClusterRun(label, ended - started, ended - (embed_started or started),
                      int(done["snippets_embedded"]), workers)


def driver_ceiling(tree: Path, db: Path, model: Path) -> tuple[float, float, int]:
    """(first-phase snippets/s, vector-write snippets/s, snippets) of the driver's own work."""

    class AtEmbedding:  # stops the run once every file is written
        reached = False

        def is_set(self) -> bool:
            return self.reached

    stop = AtEmbedding()

    def progress(state: IndexProgress) -> None:
        stop.reached = stop.reached or state.embedding

    embedder = Embedder(model, n_threads=1)  # its tokenizer only: the chunker counts tokens
    with Store(db) as store:
        started = time.perf_counter()
        Indexer(store, lambda: embedder, IgnoreOptions()).index([tree], progress, stop)
        first = time.perf_counter() - started
        waiting = store.unembedded()
        rng = np.random.default_rng(0)
        vectors = rng.standard_normal((len(waiting), embedder.dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        step = batch_size(2)
        started = time.perf_counter()
        for at in range(0, len(waiting), step):
            store.add_vectors(waiting[at:at + step], vectors[at:at + step])
        writes = time.perf_counter() - started
    return len(waiting) / first, len(waiting) / writes, len(waiting)


def run(ctx: BenchContext) -> Section:
    section = Section("cluster", "7. Indexing on a Ray cluster")
    if importlib.util.find_spec("ray") is None:
        section.add("Not measured: Ray is not installed here "
                    "(`pip install 'kenning[cluster]'`, or `make bench`, which installs it).")
        return section
    tree = copy_tree(ctx.profile.cluster_packages, ctx.workdir / "cluster-tree")
    load = LoadWindow()
    runs = []
    for label, extra in (("local indexer (2 threads)", ["--threads", str(LOCAL_THREADS)]),
                         ("Ray, 1 worker", ["--ray", "--workers", "1"]),
                         ("Ray, 2 workers", ["--ray", "--workers", "2"])):
        load.sample()
        runs.append(index_run(label, tree, ctx.workdir / f"cluster-{len(runs)}.db", extra))
    load.sample()
    first_rate, write_rate, snippets = driver_ceiling(tree, ctx.workdir / "driver.db",
                                                      ctx.model_path)
    section.load = load.describe()
    local, one = runs[0], runs[1]
    section.add(f"Tree: a copy of `{' '.join(ctx.profile.cluster_packages)}` from {STDLIB} "
                f"({local.snippets:,} snippets), indexed from scratch by each. Command per "
                "run: `kenning index TREE --db DB --json`, then with `--ray --workers N` "
                "(a local Ray started for the run, its start-up counted end to end).", "")
    section.table(["run", "workers", "end to end", "snippets/s", "embedding phase",
                   "snippets/s (embedding)", "vs local (embedding)"],
                  [[r.label, r.workers or "—", f"{r.seconds:.1f} s", f"{r.rate:.1f}",
                    f"{r.embed_seconds:.1f} s", f"{r.embed_rate:.1f}",
                    f"{r.embed_rate / local.embed_rate:.2f}×"] for r in runs])
    ceiling = 1 / (1 / first_rate + 1 / write_rate)
    section.add(f"The driver's own work, measured on the same tree ({snippets:,} snippets): "
                f"walk, chunk and write {first_rate:,.0f} snippets/s; vector writes "
                f"{write_rate:,.0f} snippets/s; both: a ceiling of {ceiling:,.0f} snippets/s "
                "whatever the number of workers.", "")
    section.add(f"Projected for N workers (one per CPU, on as many machines as needed): "
                f"N × {one.embed_rate:.1f} snippets/s (the 1-worker rate), capped by the driver:",
                "")
    section.table(["workers", "snippets/s", "1M snippets in"],
                  [[n, f"{min(n * one.embed_rate, ceiling):,.0f}",
                    f"{1_000_000 / min(n * one.embed_rate, ceiling) / 60:,.0f} min"]
                   for n in PROJECTED])
    return section
