"""The services the CLI and the GUI share: index, search, status, embed.

One `Engine` per process. Stores are per thread (SQLite connections are), the
models are loaded once and lazily: a lexical search or a re-index of an
unchanged tree never loads one. Indexing and querying use separate model
instances so a query never waits behind an indexing batch.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from app.core.bias.registry import ActiveBias, active_bias
from app.core.errors import ModelMismatchError
from app.core.files.rules import IgnoreOptions
from app.core.indexing.indexer import Indexer, ProgressCallback
from app.core.indexing.progress import IndexProgress, IndexReport
from app.core.model import cpu_backend
from app.core.model.embedder import Embedder
from app.core.model.gguf_inspect import inspect_embedding_model
from app.core.model.provision import (
    current_default_model,
    ensure_default_model,
    file_fingerprint,
)
from app.core.paths import MODEL_ENV, absence, resolve_db_path
from app.core.search.learned_order import describe_shipped_forest
from app.core.search.query_vectors import QueryVectors
from app.core.search.request import SearchRequest, SearchResponse
from app.core.search.searcher import Searcher
from app.core.settings import Settings, load_settings
from app.core.store.store import Store, StoreStats
from app.core.watching.state import RootWatch, live_watches

# With an IndexControl, embedding batches are run this many texts per lane at a time
# so pause and cancel take effect within a fraction of a second, not a whole batch
# (the embedder runs one text per llama.cpp call anyway; a group that fills every
# lane equally keeps none of them waiting).
CONTROL_TEXTS_PER_LANE = 4
PAUSE_POLL_SECONDS = 0.1

Notify = Callable[[str], None]
_UNSET = object()


class _IndexCancelled(Exception):
    """Raised at a checkpoint once an IndexControl is cancelled."""


@dataclass
class IndexControl:
    """Pause and cancel a running `Engine.index` from another thread.

    The indexer looks at its `cancel` event only between files and embeds up to
    a batch of snippets at once (seconds on a laptop); an IndexControl is also
    checked between small groups of snippets being embedded. Whatever was
    committed before a cancel stays in the index (each file is one transaction)
    and the next run resumes from there.
    """

    cancel: threading.Event = field(default_factory=threading.Event)
    pause: threading.Event = field(default_factory=threading.Event)
    # Snippets embedded so far, counted live (the indexer's own progress only
    # moves once a whole batch is written). Written by the indexing thread only.
    embedded: int = 0

    def checkpoint(self) -> None:
        """Wait while paused; raise once cancelled."""
        while self.pause.is_set() and not self.cancel.is_set():
            self.cancel.wait(PAUSE_POLL_SECONDS)
        if self.cancel.is_set():
            raise _IndexCancelled


class _ControlledEmbedder(Embedder):
    """An Embedder that passes an IndexControl checkpoint every few texts."""

    def __init__(self, model_path: Path, n_threads: int | None, control: IndexControl) -> None:
        super().__init__(model_path, n_threads=n_threads)
        self._control = control

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        parts = [np.zeros((0, self.dim), dtype=np.float32)]
        step = CONTROL_TEXTS_PER_LANE * self.n_threads
        for start in range(0, len(texts), step):
            self._control.checkpoint()
            parts.append(super().embed(texts[start:start + step]))
            self._control.embedded += len(parts[-1])
        return np.vstack(parts)


@dataclass
class EngineConfig:
    """Everything that decides which index and which model are used, and how."""

    db_path: Path = field(default_factory=resolve_db_path)
    model_path: Path | None = None
    threads: int | None = None
    ignore: IgnoreOptions = field(default_factory=IgnoreOptions)
    use_bias: bool = True  # the default of every search that does not say
    # model_path came from the settings (they may change it), not from a flag,
    # $KENNING_MODEL or the caller (then it stays whatever the settings say).
    model_from_settings: bool = False

    @classmethod
    def from_options(cls, db: str | None = None, model: str | None = None,
                     threads: int | None = None, settings: Settings | None = None
                     ) -> EngineConfig:
        """The one place every front end resolves its configuration.

        `--db`/`--model` flags first, then `$KENNING_DB`/`$KENNING_MODEL`, then
        the settings the window writes (`settings`, else the settings file),
        then the defaults: so the window and the command line use the same
        model, leave out the same files and apply the bias alike.
        """
        model = model or os.environ.get(MODEL_ENV)
        config = cls(db_path=resolve_db_path(db),
                     model_path=Path(model).expanduser() if model else None, threads=threads)
        return config.with_settings(settings if settings is not None else load_settings())

    def with_settings(self, settings: Settings) -> EngineConfig:
        """This configuration with the user's settings applied (a pinned model stays)."""
        model, from_settings = self.model_path, self.model_from_settings
        if model is None or from_settings:
            model = Path(settings.model_path).expanduser() if settings.model_path else None
            from_settings = model is not None
        return replace(self, model_path=model, model_from_settings=from_settings,
                       ignore=settings.ignore_options(), use_bias=settings.use_bias)


@dataclass(frozen=True)
class Status:
    db_path: Path  # resolved: `--db t1.db` is named as the file it is, wherever it is read
    stats: StoreStats
    model_path: Path | None
    model_fingerprint: str | None
    last_indexed_at: float | None
    skipped: list[tuple[str, str]]
    bias: str | None
    use_bias: bool = True  # whether searches apply it unless told (the settings)
    watches: list[RootWatch] = field(default_factory=list)  # folders `kenning watch` follows
    cpu_backend: str | None = None  # llama.cpp's CPU kernels (app/core/model/cpu_backend.py)
    order: str | None = None  # the learned order's forest in use (None: hand-set weights)
    # Roots not there to index: "missing", or "empty" (an unmounted drive's mount
    # point); their index is kept (indexing/indexer.py).
    absent_roots: dict[str, str] = field(default_factory=dict)


class Engine:
    def __init__(self, config: EngineConfig, notify: Notify | None = None) -> None:
        self.config = config
        self._notify = notify or (lambda _message: None)
        self._lock = threading.Lock()
        self._model_path: Path | None = None
        self._query_embedder: Embedder | None = None
        self._query_vectors: QueryVectors | None = None
        self._bias: ActiveBias | object | None = _UNSET

    def reconfigure(self, config: EngineConfig) -> None:
        """Use `config` from now on (the window's settings changed).

        A new model is loaded by the next query that needs one; a search
        already running finishes with the model it started with.
        """
        with self._lock:
            if config.model_path != self.config.model_path:
                self._model_path, self._query_embedder, self._bias = None, None, _UNSET
                self._query_vectors = None
            self.config = config

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
              cancel: threading.Event | None = None,
              control: IndexControl | None = None) -> IndexReport:
        """Index `paths`; with `control`, pausable and promptly cancellable (see IndexControl).

        A run cancelled through `control` returns a report with only
        `cancelled` and `seconds` set: the counts died with the indexer.
        """
        if control is not None:
            return self._controlled_index(paths, progress, control)
        with self.open_store() as store:
            indexer = Indexer(store, self.new_embedder, self.config.ignore)
            return indexer.index(paths, progress, cancel)

    def _controlled_index(self, paths: Sequence[Path], progress: ProgressCallback | None,
                          control: IndexControl) -> IndexReport:
        def on_progress(state: IndexProgress) -> None:
            if progress is not None:
                progress(state)
            control.checkpoint()

        def embedder() -> Embedder:
            return _ControlledEmbedder(self.model_path(), self.config.threads, control)

        started = time.monotonic()
        try:
            control.checkpoint()  # started paused: not even the walk runs yet
            with self.open_store() as store:
                indexer = Indexer(store, embedder, self.config.ignore)
                return indexer.index(paths, on_progress, control.cancel)
        except _IndexCancelled:
            return IndexReport(cancelled=True, seconds=time.monotonic() - started)

    # -- search ----------------------------------------------------------------

    def model_fingerprint(self) -> str:
        """The fingerprint of the model in use (cached on disk: no rehash, no model load)."""
        return file_fingerprint(self.model_path())

    def bias(self) -> ActiveBias | None:
        """The bias matrix for the model in use, if one is installed."""
        if self._bias is _UNSET:
            self._bias = active_bias(self.model_fingerprint())
        return self._bias  # type: ignore[return-value]

    def query_vectors(self) -> QueryVectors:
        """The model's raw query vectors, the recent ones kept (see query_vectors.py)."""
        with self._lock:
            if self._query_vectors is None:
                self._query_vectors = QueryVectors(
                    lambda query: self.query_embedder().embed_one(query))
            return self._query_vectors

    def searcher(self, store: Store, *, one_shot: bool = False) -> Searcher:
        """A searcher on `store` that refuses an index built with another model.

        `one_shot`: this process searches once (a cold `kenning search`), so the
        vectors are scanned exactly rather than loaded into the in-memory index.
        """
        if store.model() is not None:
            try:
                store.check_model(self.model_fingerprint(), self.model_path().name)
            except ModelMismatchError:
                # A file that is no model at all is that, not a reason to re-index.
                inspect_embedding_model(self.model_path())
                raise
        bias = self.bias()
        return Searcher(store, self.query_vectors(), bias.matrix if bias else None,
                        in_memory_index=not one_shot)

    def search(self, request: SearchRequest) -> SearchResponse:
        with self.open_store(readonly=True) as store:
            return self.searcher(store).search(request)

    # -- status ----------------------------------------------------------------

    def status(self) -> Status:
        with self.open_store(readonly=True) as store:
            stats = store.stats()
            last = store.get_meta("last_indexed_at")
            skipped = store.skipped()
            watches = live_watches(store)
        return Status(self.config.db_path.resolve(), stats,
                      (self.config.model_path or current_default_model()).resolve(),
                      stats.model.fingerprint if stats.model else None,
                      float(last) if last else None, skipped,
                      bias=bias.describe() if (bias := self.bias()) else None,
                      use_bias=self.config.use_bias, watches=watches,
                      cpu_backend=cpu_backend.recorded(), order=describe_shipped_forest(),
                      absent_roots={r.path: why for r in stats.roots
                                    if (why := absence(Path(r.path)))})
