"""Bring the index in line with the disk: files → snippets → vectors → store.

Incremental at three levels: a file whose size and mtime are unchanged is not
read; a file whose bytes are unchanged is not chunked; a snippet whose embedded
text is unchanged keeps its vector. A file cut by an older chunker
(CHUNKER_VERSION) is read and cut again, its unchanged snippets keeping theirs.
The model is loaded only when something has to be chunked or embedded, so a
re-index of an unchanged tree is a walk.

Two entry points share one pipeline (survey → prepare → flush → delete):
`index` surveys whole folders; `update` surveys only the paths a folder
watcher saw change (files or folders, present or gone), after applying the
moves it saw. `index` runs in two phases: every changed file is read, cut
and written without new vectors first (searchable by keyword within
minutes, however large the tree), then the snippets still without a vector
are embedded, those of the most recently modified files first. A run
stopped in either phase loses nothing: the next one embeds what is left.
`update` (a few files a watcher saw change) embeds before it writes, so an
edit is searchable by meaning as soon as it is written.

Moved files keep their snippets and vectors, whether the move was seen
(`update(moves=...)`) or only inferred: a file gone from one path whose exact
bytes appear at a new path is moved in the store, not re-embedded.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from app.core.chunking.chunker import chunk_text
from app.core.chunking.languages import detect_language
from app.core.chunking.snippet import CHUNKER_VERSION, Snippet
from app.core.files.reader import SkipFile, Vanished, read_text
from app.core.files.rules import IgnoreOptions
from app.core.files.walker import Candidate, FolderRules, Skipped, display_path, walk
from app.core.indexing.progress import IndexProgress, IndexReport
from app.core.paths import existing_folder, has_entries
from app.core.search.filters import filter_sql
from app.core.search.searched_paths import recent_paths
from app.core.store.failures import storage_failures
from app.core.store.store import FileRecord, ModelInfo, Root, Store

ProgressCallback = Callable[[IndexProgress], None]


class TextEmbedder(Protocol):
    """What the indexer needs of a model: a local `Embedder`, or `ClusterEmbedder`
    (app/core/cluster), which runs the same model on Ray workers."""

    model_path: Path
    fingerprint: str
    dim: int
    max_tokens: int

    def count_tokens(self, text: str) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


class CancelFlag(Protocol):
    """Anything the indexer can ask "stop now?" between files (a threading.Event will do)."""

    def is_set(self) -> bool: ...


EMBED_BATCH = 64


class _RootGone(Exception):
    """The root folder itself went away while its files were read (an unmounted drive)."""


@dataclass
class _Pending:
    """A read, chunked file waiting for its new snippets to be embedded."""

    root_id: int
    candidate: Candidate
    digest: str
    language: str
    snippets: list[Snippet]
    vectors: list[bytes | None] = field(default_factory=list)


@dataclass
class _Survey:
    """What one root needs: files to (re)index, and indexed files no longer on disk."""

    todo: list[tuple[Candidate, FileRecord | None]] = field(default_factory=list)
    vanished: dict[int, FileRecord] = field(default_factory=dict)


class Indexer:
    """Indexes folders into one store with one model. One thread at a time.

    `embed_batch` is how many new snippets are embedded before the files
    waiting for them are written: smaller means each file is searchable
    sooner and a cancel is honoured sooner, at almost no cost in throughput
    (the embedder runs texts one by one, on each of its lanes; only the last
    few texts of a batch leave a lane idle).
    """

    def __init__(self, store: Store, embedder: Callable[[], TextEmbedder],
                 options: IgnoreOptions | None = None, embed_batch: int = EMBED_BATCH) -> None:
        self.store = store
        self._embedder_factory = embedder
        self._embedder: TextEmbedder | None = None
        self.options = options or IgnoreOptions()
        self.embed_batch = embed_batch

    @property
    def embedder(self) -> TextEmbedder:
        if self._embedder is None:
            self._embedder = self._embedder_factory()
            self.store.bind_model(ModelInfo(self._embedder.fingerprint, self._embedder.dim,
                                            self._embedder.model_path.name))
        return self._embedder

    def index(self, paths: Sequence[Path], progress: ProgressCallback | None = None,
              cancel: CancelFlag | None = None) -> IndexReport:
        """Index (or refresh) each folder in `paths`; each becomes or joins a root."""
        report = IndexReport()
        started = time.monotonic()
        with storage_failures(self.store.path):
            for raw in paths:
                folder = existing_folder(raw)
                root = self.store.add_root(folder)
                if not os.path.isdir(root.path):
                    report.missing_roots.append(root.path)
                    continue
                survey = self._survey(root, [folder], report)
                if self._apply(root, survey, report, progress, cancel, embed=False):
                    report.cancelled = True
                    break
                if str(folder) == root.path and root.path not in (*report.missing_roots,
                                                                 *report.empty_roots):
                    self.store.mark_root_indexed(root.id)
            if not report.cancelled:
                shown = ", ".join(str(Path(p).expanduser().absolute()) for p in paths)
                report.cancelled = self._embed_waiting(shown, report, progress, cancel)
            self._tidy(report)
        report.seconds = time.monotonic() - started
        return report

    def update(self, paths: Iterable[Path], moves: Sequence[tuple[Path, Path]] = (),
               progress: ProgressCallback | None = None,
               cancel: CancelFlag | None = None) -> IndexReport:
        """Bring the index in line with the disk for `paths` only.

        Each path is a file or a folder, present, gone or ignored; paths
        outside every root are left alone, and so are roots whose folder is
        missing (an unmounted drive must not empty the index). `moves`
        (old, new) are applied first, in order, so renamed files and folders
        keep their vectors; both ends of every move are then checked too.
        """
        report = IndexReport()
        started = time.monotonic()
        with storage_failures(self.store.path):
            roots = self.store.roots()
            rules = {root.id: FolderRules(Path(root.path), self.options) for root in roots}
            for old, new in moves:
                self._move(old, new, roots, rules, report)
            by_root: dict[int, list[Path]] = {}
            for path in _outermost([*paths, *(p for move in moves for p in move)]):
                root = _root_of(path, roots)
                if root is None:
                    continue
                if not os.path.isdir(root.path):
                    if root.path not in report.missing_roots:
                        report.missing_roots.append(root.path)
                    continue
                by_root.setdefault(root.id, []).append(path)
            for root in roots:
                if root.id not in by_root:
                    continue
                survey = self._survey(root, by_root[root.id], report, rules[root.id])
                if self._apply(root, survey, report, progress, cancel, embed=True):
                    report.cancelled = True
                    break
            self._tidy(report)
        report.seconds = time.monotonic() - started
        return report

    def _tidy(self, report: IndexReport) -> None:
        """Give the space of removed files back to the disk once it is worth it."""
        if report.files_removed:
            self.store.reclaim_space()

    def _move(self, old: Path, new: Path, roots: Sequence[Root],
              rules: dict[int, FolderRules], report: IndexReport) -> None:
        """Move what is indexed at `old` (a file or a folder) to `new`, vectors and all.

        Nothing moves to a place the index leaves out (`a.py` renamed `a.py~` by
        an editor keeping a backup): the check of `old` then sees a new file there.
        """
        root = _root_of(new, roots)
        if root is None:
            return  # moved out of every root: the check of `old` removes it
        record = self.store.get_file(str(old))
        if not rules[root.id].wants(new, is_dir=record is None):
            return
        if record is None:
            report.files_moved += self.store.move_folder(str(old), str(new), root)
        elif (detect_language(old.name) == detect_language(new.name)
              and self.store.move_file(str(old), str(new), root)):
            report.files_moved += 1

    # -- survey: what changed --------------------------------------------------

    def _survey(self, root: Root, targets: Sequence[Path], report: IndexReport,
                folders: FolderRules | None = None) -> _Survey:
        """Stat (not read) each target: files to index, indexed files now gone."""
        survey = _Survey()
        if folders is None:
            folders = FolderRules(Path(root.path), self.options)
        for target in targets:
            if os.path.isdir(target) and not os.path.islink(target):
                self._survey_folder(root, target, survey, report)
            else:
                self._survey_file(root, target, folders, survey, report)
        return survey

    def _survey_folder(self, root: Root, folder: Path, survey: _Survey,
                       report: IndexReport) -> None:
        seen: set[int] = set()
        skipped_now: set[str] = set()
        for item in walk(Path(root.path), self.options, folder):
            if isinstance(item, Skipped):
                skipped_now.add(self._skip(root, item, report))
                continue
            record = self.store.get_file(str(item.path))
            if record is not None:
                seen.add(record.id)
            self._consider(item, record, survey, report)
        indexed = self.store.files_under(str(folder))
        if indexed and str(folder) == root.path and not has_entries(folder):
            report.empty_roots.append(root.path)  # keep the index of an unmounted drive
            return
        for record in indexed:
            if record.id not in seen:
                survey.vanished[record.id] = record
        self.store.forget_skips(p for p in self.store.skipped_under(str(folder))
                                if p not in skipped_now)

    def _survey_file(self, root: Root, path: Path, folders: FolderRules, survey: _Survey,
                     report: IndexReport) -> None:
        """One path that is not a folder (any more): a file to check, a skip, or gone."""
        item = folders.classify(path)
        shown = display_path(path)
        if isinstance(item, Skipped):
            self._skip(root, item, report)
            return
        self.store.forget_skips([shown, *self.store.skipped_under(shown)])
        for record in self.store.files_under(str(path)):  # it was a folder
            survey.vanished[record.id] = record
        record = self.store.get_file(str(path))
        if item is not None:
            self._consider(item, record, survey, report)
        elif record is not None:
            survey.vanished[record.id] = record

    def _consider(self, item: Candidate, record: FileRecord | None, survey: _Survey,
                  report: IndexReport) -> None:
        report.files_seen += 1
        if (record is not None and record.size == item.size and record.mtime_ns == item.mtime_ns
                and record.chunker == CHUNKER_VERSION):
            report.files_unchanged += 1
        else:
            survey.todo.append((item, record))

    def _skip(self, root: Root, item: Skipped, report: IndexReport) -> str:
        shown = display_path(item.path)
        report.skip(shown, item.reason)
        self.store.record_skip(root.id, shown, item.reason)
        return shown

    # -- apply: read, chunk, embed, write ----------------------------------------

    def _apply(self, root: Root, survey: _Survey, report: IndexReport,
               progress: ProgressCallback | None, cancel: CancelFlag | None,
               *, embed: bool) -> bool:
        """Index the survey's files, then forget the vanished ones not taken over by a move.

        New snippets are embedded before their file is written when `embed`,
        else written without a vector (`_embed_waiting` gives them one).
        Returns whether `cancel` stopped it early. Files prepared by then are
        still written; the vanished ones stay (one may be the twin of a file not
        reached yet, and the next run finds them again anyway). They stay too
        when the root itself is gone by the end (unmounted during the walk or
        the reads): its files are not deleted, they are out of reach.
        """
        tracker = IndexProgress(root=root.path, files_total=len(survey.todo))
        pending: list[_Pending] = []
        cancelled = False
        for candidate, record in survey.todo:
            if cancel is not None and cancel.is_set():
                cancelled = True
                break
            tracker.current_path = candidate.rel_path
            try:
                item = self._prepare(root, candidate, record, survey, report)
            except _RootGone:
                break
            if item is not None:
                pending.append(item)
            if not embed or sum(v is None for p in pending for v in p.vectors) >= self.embed_batch:
                self._flush(pending, report, tracker, embed=embed)
            tracker.files_done += 1
            if progress is not None:
                progress(tracker)
        self._flush(pending, report, tracker, embed=embed)
        if progress is not None:
            progress(tracker)
        if not os.path.isdir(root.path):
            if root.path not in report.missing_roots:
                report.missing_roots.append(root.path)
        elif not cancelled:
            report.files_removed += self.store.delete_files(survey.vanished)
        return cancelled

    def _prepare(self, root: Root, candidate: Candidate, record: FileRecord | None,
                 survey: _Survey, report: IndexReport) -> _Pending | None:
        """Read and chunk one changed file; reuse the vectors of unchanged snippets."""
        try:
            content = read_text(candidate.path, self.options.max_file_bytes)
        except SkipFile as exc:
            if isinstance(exc, Vanished) and not os.path.isdir(root.path):
                raise _RootGone(root.path) from exc  # keep what is indexed of it
            self._skip(root, Skipped(candidate.path, str(exc)), report)
            return None
        if record is None and content.size and (twin := self._twin(content.digest,
                                                                   candidate.path)):
            self.store.move_file(twin.path, str(candidate.path), root)
            self.store.touch_file(twin.id, candidate.size, candidate.mtime_ns)
            survey.vanished.pop(twin.id, None)
            report.files_moved += 1
            return None
        if (record is not None and record.hash == content.digest
                and record.chunker == CHUNKER_VERSION):
            self.store.touch_file(record.id, candidate.size, candidate.mtime_ns)
            report.files_unchanged += 1
            return None
        language = detect_language(candidate.rel_path, content.text[:256]) or "text"
        embedder = self.embedder
        snippets = chunk_text(content.text, candidate.rel_path, language,
                              embedder.count_tokens, embedder.max_tokens)
        known = self.store.known_vectors(record.id) if record is not None else {}
        item = _Pending(root.id, candidate, content.digest, language, snippets)
        item.vectors = [known.get(s.content_hash) for s in snippets]
        report.snippets_reused += sum(v is not None for v in item.vectors)
        return item

    def _twin(self, digest: str, new_path: Path) -> FileRecord | None:
        """An indexed file with these exact bytes that is gone from its place: moved here.

        Found through the store, not just this run's vanished files, so a move
        is recognised whatever the order its halves are seen in (a folder moved
        in while the app was closed, a watcher's batches split across a move).
        Only when both names give the same language: `a.py` renamed `a.txt` is
        chunked differently and must be indexed afresh.
        """
        language = detect_language(new_path.name)
        roots = self.store.roots()
        for record in self.store.files_with_hash(digest):
            if (detect_language(Path(record.path).name) == language
                    and _twin_path_gone(record, roots)):
                return record
        return None

    def _flush(self, pending: list[_Pending], report: IndexReport,
               tracker: IndexProgress, *, embed: bool) -> None:
        """Embed what the pending files need (when `embed`), then write each file atomically."""
        missing = [(item, i) for item in pending for i, v in enumerate(item.vectors) if v is None]
        if embed and missing:
            vectors = self.embedder.embed([item.snippets[i].embed_text for item, i in missing])
            for (item, i), vector in zip(missing, vectors, strict=True):
                item.vectors[i] = vector.astype(np.float32).tobytes()
            report.snippets_embedded += len(missing)
            tracker.snippets_embedded += len(missing)
        for item in pending:
            c = item.candidate
            self.store.write_file(root_id=item.root_id, path=str(c.path), rel_path=c.rel_path,
                                  language=item.language, size=c.size, mtime_ns=c.mtime_ns,
                                  content_hash=item.digest, snippets=item.snippets,
                                  vectors=item.vectors)
            report.files_indexed += 1
            report.snippets_written += len(item.snippets)
        pending.clear()

    # -- second phase: meaning for what was written without it -------------------

    def _embed_waiting(self, shown: str, report: IndexReport,
                       progress: ProgressCallback | None, cancel: CancelFlag | None) -> bool:
        """Give every snippet still without a vector its vector, one transaction per
        batch: files modified in the last days first, then those in the folders
        searched in (`searched_paths`), newest first. Returns whether `cancel`
        stopped it early."""
        searched = [filter_sql((), (path,)) for path in recent_paths(self.store.path)]
        waiting = self.store.unembedded(searched)
        if not waiting:
            return False
        tracker = IndexProgress(root=shown, files_total=report.files_seen,
                                files_done=report.files_seen)
        tracker.start_embedding(len(waiting))
        if progress is not None:
            progress(tracker)
        for start in range(0, len(waiting), self.embed_batch):
            if cancel is not None and cancel.is_set():
                return True
            texts = self.store.embed_texts(waiting[start:start + self.embed_batch])
            if texts:
                vectors = self.embedder.embed(list(texts.values()))
                self.store.add_vectors(list(texts), vectors)
                report.snippets_embedded += len(texts)
            tracker.snippets_embedded += len(texts)
            if progress is not None:
                progress(tracker)
        return False


def _twin_path_gone(record: FileRecord, roots: Sequence[Root]) -> bool:
    """The file is gone from its place, and not because its whole root is (unmounted)."""
    root = next((r for r in roots if r.id == record.root_id), None)
    return (root is not None and os.path.isdir(root.path)
            and not os.path.lexists(record.path))


def _root_of(path: Path, roots: Sequence[Root]) -> Root | None:
    return next((r for r in roots if path == Path(r.path) or Path(r.path) in path.parents), None)


def _outermost(paths: Iterable[Path]) -> list[Path]:
    """The paths not inside another of them (a folder's walk covers its files)."""
    unique = set(paths)
    return [p for p in unique if not any(parent in unique for parent in p.parents)]
