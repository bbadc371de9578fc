"""`kenning index --ray`: walk and chunk here, embed on Ray workers, write here.

The run is an ordinary `Indexer` run whose model is a `ClusterEmbedder`, so
every rule of a local run holds: files are written first (searchable by
keyword), unchanged snippets are never sent, each batch of vectors is one
transaction, and a run stopped anywhere resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.core.cluster.connect import connected
from app.core.cluster.pool import ClusterEmbedder, batch_size, worker_count
from app.core.engine import Engine
from app.core.indexing.indexer import Indexer, ProgressCallback
from app.core.indexing.progress import IndexProgress, IndexReport
from app.core.model.embedder import Embedder


def index_on_cluster(engine: Engine, paths: Sequence[Path], address: str,
                     workers: int | None = None,
                     progress: ProgressCallback | None = None) -> IndexReport:
    """Index `paths` into the engine's index with the embedding done on Ray at `address`.

    The cluster is reached (or a local Ray started) before anything is read;
    the workers start when the first snippet needs a vector (the model is also
    loaded here, for its tokenizer: the chunker counts tokens).
    """
    model_path = engine.model_path()
    with connected(address) as ray, engine.open_store() as store:
        count = worker_count(ray, workers)
        pool: list[ClusterEmbedder] = []

        def start_workers() -> ClusterEmbedder:
            pool.append(ClusterEmbedder(ray, Embedder(model_path, n_threads=1), count))
            return pool[0]

        def on_progress(state: IndexProgress) -> None:
            state.workers = pool[0].workers if pool else 0
            if progress is not None:
                progress(state)

        indexer = Indexer(store, start_workers, engine.config.ignore, batch_size(count))
        try:
            return indexer.index(paths, on_progress)
        finally:
            if pool:
                pool[0].close()
