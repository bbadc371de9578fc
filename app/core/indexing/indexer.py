"""Bring the index in line with the disk: files → snippets → vectors → store.

Incremental at three levels: a file whose size and mtime are unchanged is not
read; a file whose bytes are unchanged is not chunked; a snippet whose embedded
text is unchanged keeps its vector. The model is loaded only when something
has to be chunked or embedded, so a re-index of an unchanged tree is a walk.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from app.core.chunking.chunker import chunk_text
from app.core.chunking.languages import detect_language
from app.core.chunking.snippet import Snippet
from app.core.errors import KenningError
from app.core.files.reader import SkipFile, read_text
from app.core.files.rules import IgnoreOptions
from app.core.files.walker import Candidate, Skipped, display_path, walk
from app.core.indexing.progress import IndexProgress, IndexReport
from app.core.model.embedder import Embedder
from app.core.store.store import FileRecord, ModelInfo, Store

ProgressCallback = Callable[[IndexProgress], None]

EMBED_BATCH = 64


@dataclass
class _Pending:
    """A read, chunked file waiting for its new snippets to be embedded."""

    root_id: int
    candidate: Candidate
    digest: str
    language: str
    snippets: list[Snippet]
    vectors: list[bytes | None] = field(default_factory=list)


class Indexer:
    """Indexes folders into one store with one model. One thread at a time."""

    def __init__(self, store: Store, embedder: Callable[[], Embedder],
                 options: IgnoreOptions | None = None) -> None:
        self.store = store
        self._embedder_factory = embedder
        self._embedder: Embedder | None = None
        self.options = options or IgnoreOptions()

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
            self.store.bind_model(ModelInfo(self._embedder.fingerprint, self._embedder.dim,
                                            self._embedder.model_path.name))
        return self._embedder

    def index(self, paths: Sequence[Path], progress: ProgressCallback | None = None,
              cancel: threading.Event | None = None) -> IndexReport:
        """Index (or refresh) each folder in `paths`; each becomes or joins a root."""
        report = IndexReport()
        started = time.monotonic()
        for raw in paths:
            folder = Path(raw).expanduser().absolute()
            if not folder.is_dir():
                what = "does not exist" if not folder.exists() else "is not a folder"
                raise KenningError(f"{folder} {what}")
            root = self.store.add_root(folder)
            root_path = Path(root.path)
            if not root_path.is_dir():
                report.missing_roots.append(root.path)
                continue
            self._index_root(root.id, root_path, folder, report, progress, cancel)
            if cancel is not None and cancel.is_set():
                report.cancelled = True
                break
            if folder == root_path:
                self.store.mark_root_indexed(root.id)
        report.seconds = time.monotonic() - started
        return report

    def _index_root(self, root_id: int, root: Path, start: Path, report: IndexReport,
                    progress: ProgressCallback | None, cancel: threading.Event | None) -> None:
        todo, seen = self._plan(root_id, root, start, report)
        prefix = None if start == root else str(start)
        vanished = [fid for fid, _ in self.store.file_paths_under(root_id, prefix)
                    if fid not in seen]
        report.files_removed += self.store.delete_files(vanished)

        tracker = IndexProgress(root=str(root), files_total=len(todo))
        pending: list[_Pending] = []
        for candidate, record in todo:
            if cancel is not None and cancel.is_set():
                break
            tracker.current_path = candidate.rel_path
            item = self._prepare(root_id, candidate, record, report)
            if item is not None:
                pending.append(item)
            if sum(v is None for p in pending for v in p.vectors) >= EMBED_BATCH:
                self._flush(pending, report, tracker)
            tracker.files_done += 1
            if progress is not None:
                progress(tracker)
        self._flush(pending, report, tracker)
        if progress is not None:
            progress(tracker)

    def _plan(self, root_id: int, root: Path, start: Path, report: IndexReport
              ) -> tuple[list[tuple[Candidate, FileRecord | None]], set[int]]:
        """Walk and stat: which files changed, which are known and unchanged."""
        todo: list[tuple[Candidate, FileRecord | None]] = []
        seen: set[int] = set()
        skipped_now: set[str] = set()
        for item in walk(root, self.options, start if start != root else None):
            if isinstance(item, Skipped):
                shown = display_path(item.path)
                skipped_now.add(shown)
                report.skip(shown, item.reason)
                self.store.record_skip(root_id, shown, item.reason)
                continue
            report.files_seen += 1
            record = self.store.get_file(str(item.path))
            if record is not None:
                seen.add(record.id)
                if record.size == item.size and record.mtime_ns == item.mtime_ns:
                    report.files_unchanged += 1
                    continue
            todo.append((item, record))
        prefix = str(start) + "/" if start != root else ""
        self.store.forget_skips(p for p in self.store.skipped_paths_under(root_id)
                                if p.startswith(prefix) and p not in skipped_now)
        return todo, seen

    def _prepare(self, root_id: int, candidate: Candidate, record: FileRecord | None,
                 report: IndexReport) -> _Pending | None:
        """Read and chunk one changed file; reuse the vectors of unchanged snippets."""
        try:
            content = read_text(candidate.path, self.options.max_file_bytes)
        except SkipFile as exc:
            shown = display_path(candidate.path)
            report.skip(shown, str(exc))
            self.store.record_skip(root_id, shown, str(exc))
            return None
        if record is not None and record.hash == content.digest:
            self.store.touch_file(record.id, candidate.size, candidate.mtime_ns)
            report.files_unchanged += 1
            return None
        language = detect_language(candidate.rel_path, content.text[:256]) or "text"
        embedder = self.embedder
        snippets = chunk_text(content.text, candidate.rel_path, language,
                              embedder.count_tokens, embedder.max_tokens)
        known = self.store.known_vectors(record.id) if record is not None else {}
        item = _Pending(root_id, candidate, content.digest, language, snippets)
        item.vectors = [known.get(s.content_hash) for s in snippets]
        report.snippets_reused += sum(v is not None for v in item.vectors)
        return item

    def _flush(self, pending: list[_Pending], report: IndexReport,
               tracker: IndexProgress) -> None:
        """Embed what the pending files need, then write each file atomically."""
        missing = [(item, i) for item in pending for i, v in enumerate(item.vectors) if v is None]
        if missing:
            texts = [item.snippets[i].embed_text for item, i in missing]
            vectors = self.embedder.embed(texts)
            for (item, i), vector in zip(missing, vectors, strict=True):
                item.vectors[i] = vector.astype(np.float32).tobytes()
            report.snippets_embedded += len(missing)
            tracker.snippets_embedded += len(missing)
        for item in pending:
            c = item.candidate
            matrix = _stack(item.vectors, self.embedder.dim)
            self.store.write_file(root_id=item.root_id, path=str(c.path), rel_path=c.rel_path,
                                  language=item.language, size=c.size, mtime_ns=c.mtime_ns,
                                  content_hash=item.digest, snippets=item.snippets,
                                  vectors=matrix)
            report.files_indexed += 1
            report.snippets_written += len(item.snippets)
        pending.clear()


def _stack(blobs: Iterable[bytes | None], dim: int) -> np.ndarray:
    rows = [np.frombuffer(b, dtype=np.float32) for b in blobs if b is not None]
    return np.vstack(rows) if rows else np.zeros((0, dim), dtype=np.float32)
