"""What the sections of one bench run share: the profile, a scratch folder, the model."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.bench.corpus import Corpus, stdlib_corpus


@dataclass(frozen=True)
class Profile:
    name: str
    corpus_size: int                # snippets embedded per round
    rounds: int                     # interleaved rounds, main contenders
    explore_rounds: int             # interleaved rounds, exploration contenders
    fidelity_size: int              # snippets checked against the fp32 reference
    index_packages: tuple[str, ...]  # stdlib packages/modules indexed end to end
    scales: tuple[int, ...]         # synthetic index sizes for query latency
    query_passes: int               # passes over the query set at each size
    startup_runs: int
    watch_edits: int
    quick_runs: int
    keyword_whole_stdlib: bool = True  # time the first phase on the whole stdlib (~93k snippets)
    cluster_packages: tuple[str, ...] = ("json",)  # the tree indexed locally and on Ray


# The stdlib subset indexed end to end: the whole library is ~100k snippets (~45 min
# at 40 snippets/s), past the 20-minute budget of the whole run; these packages give
# a few thousand (ten packages, 7,240 snippets, took 11 of a 26-minute run at 11/s).
_INDEX_FULL = ("json", "email", "http", "urllib", "logging", "xml")
PROFILES = {
    "full": Profile("full", 96, 4, 3, 48, _INDEX_FULL, (10_000, 100_000, 1_000_000), 3, 7, 8,
                    15, cluster_packages=("json", "email")),
    "quick": Profile("quick", 48, 3, 2, 24, ("json", "email", "http"), (10_000, 100_000), 2,
                     3, 4, 5),
    "tiny": Profile("tiny", 6, 1, 1, 3, ("json",), (500, 1_500), 1, 1, 1, 2,
                    keyword_whole_stdlib=False),
}


@dataclass
class BenchContext:
    profile: Profile
    workdir: Path
    model_path: Path
    _corpus: Corpus | None = field(default=None, repr=False)
    corpus_vectors: np.ndarray | None = None  # Kenning's vectors of the corpus, once known
    # Set by the index section, for the sections after it.
    index_db: Path | None = None
    index_progress: list[tuple[float, int]] = field(default_factory=list)
    index_run: object | None = None
    # Set by the query section: per size, its figures.
    scale_results: list[dict[str, float]] = field(default_factory=list)

    def corpus(self) -> Corpus:
        if self._corpus is None:
            from app.core.model.embedder import Embedder

            embedder = Embedder(self.model_path, n_threads=1)
            self._corpus = stdlib_corpus(self.profile.corpus_size, embedder.count_tokens,
                                         embedder.max_tokens)
        return self._corpus

    def real_vectors(self) -> np.ndarray:
        """Real snippet vectors: the indexed tree's if the index section ran, else the corpus'."""
        if self.index_db is not None:
            from app.core.store.store import Store

            with Store(self.index_db, readonly=True) as store:
                blobs = [r[0] for r in store.conn.execute("SELECT embedding FROM chunk_vectors")]
            return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)
        if self.corpus_vectors is None:
            from app.core.model.embedder import Embedder

            self.corpus_vectors = Embedder(self.model_path).embed(self.corpus().texts)
        return self.corpus_vectors
