"""Embedding on a pool of Ray actors, with the interface of a local `Embedder`.

`ClusterEmbedder.embed(texts)` cuts the texts into slices, keeps every worker
busy with up to IN_FLIGHT slices and puts the vectors back in order. A worker
that dies (killed, its machine gone) takes no work with it: its slices go to
the workers left and the call still returns every vector; only when none is
left does it fail, and what the indexer had written stays (the next run
resumes). The indexer writes the vectors itself: one writer, the index file
never leaves the driver.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

import numpy as np

from app.core.cluster.worker import EmbedWorker
from app.core.errors import KenningError
from app.core.model.embedder import Embedder

# Texts per task: well under a second of one worker's time, so a lost slice costs little.
SLICE = 8
# Slices queued per worker, so that it never waits for the driver between two.
IN_FLIGHT = 2
# Slices per worker in one `embed` call: the call ends when its last slice does, so
# the larger, the less time workers wait at its end (and the longer between commits).
SLICES_PER_CALL = 8


def worker_count(ray: ModuleType, wanted: int | None = None) -> int:
    """`wanted`, else one worker per CPU the cluster offers."""
    return wanted or max(1, int(ray.cluster_resources().get("CPU", 1)))


def batch_size(workers: int) -> int:
    """Texts per `embed` call that keep `workers` busy."""
    return SLICE * SLICES_PER_CALL * max(1, workers)


@dataclass
class _Slice:
    start: int
    texts: list[str]


class ClusterEmbedder:
    """The model on `workers` Ray actors; `local`, the same model loaded here, gives the
    tokenizer the chunker needs (the driver cuts files into snippets) and is never run."""

    def __init__(self, ray: ModuleType, local: Embedder, workers: int) -> None:
        self._ray = ray
        self._local = local
        self.model_path = local.model_path
        self.fingerprint = local.fingerprint
        self.dim = local.dim
        self.max_tokens = local.max_tokens
        self._wanted = workers
        self._actors: list[object] = []
        self.lost = 0  # workers that died during the run

    def count_tokens(self, text: str) -> int:
        return self._local.count_tokens(text)

    def _start(self) -> None:
        """The actors, each with the model from the object store (on first use); each
        checks the model against the driver's fingerprint as it loads it."""
        blob = self._ray.put(self.model_path.read_bytes())
        remote = self._ray.remote(num_cpus=1, max_restarts=0)(EmbedWorker)
        self._actors = [remote.remote(blob, self.fingerprint, self.model_path.name)
                        for _ in range(self._wanted)]
        try:
            self._ray.get([a.ready.remote() for a in self._actors])
        except self._ray.exceptions.RayError as exc:
            cause = getattr(exc, "cause", None) or exc
            raise KenningError(f"the Ray workers could not load the model: {cause}") from exc

    @property
    def workers(self) -> int:
        """Workers in use now."""
        return len(self._actors)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 (len(texts), dim), the vectors a local Embedder gives, in order."""
        if not self._actors and not self.lost:
            self._start()
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = deque(_Slice(i, list(texts[i:i + SLICE])) for i in range(0, len(texts), SLICE))
        running: dict[object, tuple[object, _Slice]] = {}
        load = {id(a): 0 for a in self._actors}
        while todo or running:
            for actor in self._actors:
                while todo and load[id(actor)] < IN_FLIGHT:
                    part = todo.popleft()
                    running[actor.embed.remote(part.texts)] = (actor, part)
                    load[id(actor)] += 1
            if not running:
                break
            (ref,), _ = self._ray.wait(list(running), num_returns=1)
            actor, part = running.pop(ref)
            load[id(actor)] -= 1
            try:
                vectors = self._ray.get(ref)
            except self._ray.exceptions.RayActorError:
                self._drop(actor)
                todo.appendleft(part)
                continue
            except self._ray.exceptions.RayTaskError as exc:
                raise KenningError(f"a Ray worker failed to embed: {exc.cause!r}") from exc
            out[part.start:part.start + len(part.texts)] = vectors
        return out

    def _drop(self, actor: object) -> None:
        if actor in self._actors:
            self._actors.remove(actor)
            self.lost += 1
        if not self._actors:
            raise KenningError(f"all {self.lost} Ray workers stopped; what was embedded is "
                               "in the index: run the command again to go on")

    def close(self) -> None:
        for actor in self._actors:
            self._ray.kill(actor)
        self._actors = []
