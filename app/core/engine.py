"""The services the CLI and the GUI share: index, search, status, embed.

One `Engine` per process. Stores are per thread (SQLite connections are), the
models are loaded once and lazily: a lexical search or a re-index of an
unchanged tree never loads one. Indexing and querying use separate model
instances so a query never waits behind an indexing batch.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.core.files.rules import IgnoreOptions
from app.core.indexing.indexer import Indexer, ProgressCallback
from app.core.indexing.progress import IndexReport
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path, ensure_default_model
from app.core.paths import resolve_db_path
from app.core.search.request import SearchRequest, SearchResponse
from app.core.search.searcher import Searcher
from app.core.store.store import Store, StoreStats

MODEL_ENV = "KENNING_MODEL"

Notify = Callable[[str], None]


@dataclass
class EngineConfig:
    """Everything that decides which index and which model are used."""

    db_path: Path = field(default_factory=resolve_db_path)
    model_path: Path | None = None
    threads: int | None = None
    ignore: IgnoreOptions = field(default_factory=IgnoreOptions)

    @classmethod
    def from_options(cls, db: str | None = None, model: str | None = None,
                     threads: int | None = None) -> EngineConfig:
        """`--db`/`--model` flags first, then `$KENNING_DB`/`$KENNING_MODEL`, then defaults."""
        model = model or os.environ.get(MODEL_ENV)
        return cls(db_path=resolve_db_path(db),
                   model_path=Path(model).expanduser() if model else None,
                   threads=threads)


@dataclass(frozen=True)
class Status:
    db_path: Path
    stats: StoreStats
    model_path: Path | None
    model_fingerprint: str | None
    last_indexed_at: float | None
    skipped: list[tuple[str, str]]
    bias: str | None


class Engine:
    def __init__(self, config: EngineConfig, notify: Notify | None = None) -> None:
        self.config = config
        self._notify = notify or (lambda _message: None)
        self._lock = threading.Lock()
        self._model_path: Path | None = None
        self._query_embedder: Embedder | None = None

    # -- models ----------------------------------------------------------------

    def model_path(self) -> Path:
        """The model file in use; the default model is provisioned on first use."""
        with self._lock:
            if self._model_path is None:
                self._model_path = self.config.model_path or ensure_default_model(self._notify)
            return self._model_path

    def new_embedder(self) -> Embedder:
        return Embedder(self.model_path(), n_threads=self.config.threads)

    def query_embedder(self) -> Embedder:
        model_path = self.model_path()
        with self._lock:
            if self._query_embedder is None:
                self._query_embedder = Embedder(model_path, n_threads=self.config.threads)
            return self._query_embedder

    def embed(self, text: str) -> np.ndarray:
        """The raw, normalized model embedding of `text` (no bias matrix)."""
        return self.query_embedder().embed_one(text)

    # -- index -----------------------------------------------------------------

    def open_store(self, *, readonly: bool = False) -> Store:
        return Store(self.config.db_path, readonly=readonly)

    def index(self, paths: Sequence[Path], progress: ProgressCallback | None = None,
              cancel: threading.Event | None = None) -> IndexReport:
        with self.open_store() as store:
            indexer = Indexer(store, self.new_embedder, self.config.ignore)
            return indexer.index(paths, progress, cancel)

    # -- search ----------------------------------------------------------------

    def searcher(self, store: Store) -> Searcher:
        """A searcher on `store` that refuses an index built with another model."""
        model = store.model()
        if model is not None:
            embedder = self.query_embedder()
            store.check_model(embedder.fingerprint, embedder.model_path.name)
        return Searcher(store, lambda query: self.query_embedder().embed_one(query))

    def search(self, request: SearchRequest) -> SearchResponse:
        with self.open_store(readonly=True) as store:
            return self.searcher(store).search(request)

    # -- status ----------------------------------------------------------------

    def status(self) -> Status:
        with self.open_store(readonly=True) as store:
            stats = store.stats()
            last = store.get_meta("last_indexed_at")
            skipped = store.skipped()
        return Status(self.config.db_path, stats,
                      self.config.model_path or default_model_path(),
                      stats.model.fingerprint if stats.model else None,
                      float(last) if last else None, skipped, bias=None)
