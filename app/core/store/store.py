"""The index: one SQLite file holding roots, files, snippets, vectors and BM25 text.

Every change to one file's snippets is one transaction, so a process killed at
any moment leaves the index at the last committed file and the next run picks
up where it stopped. WAL mode lets searches read while the indexer writes.

A moved or renamed file keeps its snippets and their vectors: only the paths,
the path words of the full-text index and the path in each snippet's header
are rewritten (see `move_file`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import apsw
import numpy as np

from app.core.chunking.snippet import CHUNKER_VERSION, Snippet
from app.core.errors import CorruptDatabaseError, ModelMismatchError, StoreError
from app.core.store import schema
from app.core.store.connection import REBUILD_HINT, open_connection
from app.core.store.folder_paths import prefix_range, rebase
from app.core.terms import identifier_words, path_words, symbol_key

log = logging.getLogger(__name__)

# Free pages are given back to the file system once there are at least this
# many and they are at least this share of the file (see `reclaim_space`).
RECLAIM_MIN_PAGES = 256
RECLAIM_SHARE = 0.25
INCREMENTAL_VACUUM = 2  # PRAGMA auto_vacuum value
RECENT_DAYS = 7  # files modified this recently are embedded before any other


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """What identifies the vectors in an index: which model, how wide."""

    fingerprint: str
    dim: int
    name: str


@dataclass(frozen=True, slots=True)
class Root:
    id: int
    path: str
    indexed_at: float | None


@dataclass(frozen=True, slots=True)
class FileRecord:
    id: int
    root_id: int
    path: str
    size: int
    mtime_ns: int
    hash: str
    chunker: int  # the CHUNKER_VERSION its snippets were cut with


@dataclass(frozen=True, slots=True)
class StoreStats:
    roots: list[Root]
    files: int
    chunks: int
    skipped: int
    model: ModelInfo | None
    languages: dict[str, int]
    embedded: int = 0  # snippets with a vector; the others are found by keyword only


class Store:
    """Access to one index file. Not shared between threads: open one per thread."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.conn = open_connection(path, readonly=readonly)
        if readonly:
            self._check_schema_readable()
        else:
            self._check_not_foreign()
            schema.migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_not_foreign(self) -> None:
        """A file without a schema version must hold no tables: then it is new. With
        tables it is another application's database, or an index that lost its version."""
        if self.conn.execute("PRAGMA user_version").fetchone()[0] != 0:
            return
        tables = {row[0] for row in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return
        if tables & schema.INDEX_TABLES:
            raise CorruptDatabaseError(f"the index {self.path} is damaged (its schema version "
                                       f"is lost); {REBUILD_HINT}")
        raise StoreError(f"{schema.foreign_database(self.path, tables)}; "
                         "give --db a file of its own")

    def _check_schema_readable(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
            self._check_not_foreign()
            raise StoreError(f"{self.path} holds no index yet: run `kenning index PATH` first")
        if version > schema.SCHEMA_VERSION:
            raise StoreError(f"the index {self.path} was written by a newer Kenning")

    # -- metadata --------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def meta_items(self, prefix: str) -> dict[str, str]:
        """The metadata entries whose key starts with `prefix`."""
        return dict(self.conn.execute(
            "SELECT key, value FROM meta WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)))

    def delete_meta(self, key: str) -> None:
        self.conn.execute("DELETE FROM meta WHERE key = ?", (key,))

    def model(self) -> ModelInfo | None:
        fingerprint = self.get_meta("model_fingerprint")
        if fingerprint is None:
            return None
        return ModelInfo(fingerprint, int(self.get_meta("model_dim") or 0),
                         self.get_meta("model_name") or "")

    def bind_model(self, model: ModelInfo) -> None:
        """Declare which model the vectors come from; refuse to mix two models."""
        current = self.model()
        if current is not None and current.fingerprint == model.fingerprint:
            return
        if current is not None and self.chunk_count() > 0:
            raise ModelMismatchError(
                f"the index {self.path} was built with model {current.name} "
                f"({current.fingerprint[:12]}), not {model.name} ({model.fingerprint[:12]}); "
                "re-index needed: kenning index --rebuild"
            )
        with self.conn:
            schema.drop_vector_table(self.conn)
            schema.create_vector_table(self.conn, model.dim)
            self.set_meta("model_fingerprint", model.fingerprint)
            self.set_meta("model_dim", str(model.dim))
            self.set_meta("model_name", model.name)

    def check_model(self, fingerprint: str, name: str) -> None:
        """Raise unless the index's vectors come from the model `fingerprint`."""
        current = self.model()
        if current is not None and current.fingerprint != fingerprint and self.chunk_count():
            raise ModelMismatchError(
                f"the index {self.path} was built with model {current.name} "
                f"({current.fingerprint[:12]}), but {name} ({fingerprint[:12]}) is in use; "
                "re-index needed: kenning index --rebuild"
            )

    # -- roots -----------------------------------------------------------------

    def roots(self) -> list[Root]:
        return [Root(*row) for row in
                self.conn.execute("SELECT id, path, indexed_at FROM roots ORDER BY path")]

    def root_for(self, path: Path) -> Root | None:
        """The indexed root containing `path` (itself or an ancestor)."""
        for root in self.roots():
            if path == Path(root.path) or Path(root.path) in path.parents:
                return root
        return None

    def add_root(self, path: Path) -> Root:
        """Register `path` as a root; roots inside it are absorbed into it."""
        existing = self.root_for(path)
        if existing is not None:
            return existing
        with self.conn:
            self.conn.execute("INSERT INTO roots(path, added_at) VALUES (?, ?)",
                              (str(path), time.time()))
            root_id = self.conn.last_insert_rowid()
            for inner in self.roots():
                if Path(inner.path) in path.parents or inner.id == root_id:
                    continue
                if path in Path(inner.path).parents:
                    self._absorb_root(inner, root_id, path)
        return Root(root_id, str(path), None)

    def _absorb_root(self, inner: Root, root_id: int, path: Path) -> None:
        for file_id, file_path in self.conn.execute(
                "SELECT id, path FROM files WHERE root_id = ?", (inner.id,)).fetchall():
            rel = Path(file_path).relative_to(path).as_posix()
            self._relocate(file_id, root_id, file_path, rel)
        self.conn.execute("UPDATE skipped SET root_id = ? WHERE root_id = ?", (root_id, inner.id))
        self.conn.execute("DELETE FROM roots WHERE id = ?", (inner.id,))

    def remove_root(self, path: Path) -> bool:
        """Forget a root and everything indexed under it."""
        with self.conn:
            row = self.conn.execute("SELECT id FROM roots WHERE path = ?", (str(path),)).fetchone()
            if row is None:
                return False
            self.conn.execute("DELETE FROM chunks WHERE file_id IN "
                              "(SELECT id FROM files WHERE root_id = ?)", row)
            self.conn.execute("DELETE FROM roots WHERE id = ?", row)
        return True

    def mark_root_indexed(self, root_id: int) -> None:
        now = time.time()
        with self.conn:
            self.conn.execute("UPDATE roots SET indexed_at = ? WHERE id = ?", (now, root_id))
            self.set_meta("last_indexed_at", repr(now))

    # -- files -----------------------------------------------------------------

    def get_file(self, path: str) -> FileRecord | None:
        row = self.conn.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE path = ?", (path,)
        ).fetchone()
        return FileRecord(*row) if row else None

    def files_in(self, root_id: int) -> list[FileRecord]:
        return [FileRecord(*row) for row in self.conn.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE root_id = ?",
            (root_id,))]

    def files_under(self, folder: str) -> list[FileRecord]:
        """The files below `folder`, found through the path index (a range, not a scan)."""
        low, high = prefix_range(folder)
        return [FileRecord(*row) for row in self.conn.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE path > ? AND path < ?",
            (low, high))]

    def files_with_hash(self, digest: str) -> list[FileRecord]:
        return [FileRecord(*row) for row in self.conn.execute(
            f"SELECT {_FILE_COLUMNS} FROM files WHERE hash = ?", (digest,))]

    def touch_file(self, file_id: int, size: int, mtime_ns: int) -> None:
        """Record a new size/mtime for a file whose content did not change."""
        with self.conn:
            self.conn.execute("UPDATE files SET size = ?, mtime_ns = ? WHERE id = ?",
                              (size, mtime_ns, file_id))

    def delete_files(self, file_ids: Iterable[int]) -> int:
        ids = list(file_ids)
        with self.conn:
            for file_id in ids:
                self.conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
                self.conn.execute("DELETE FROM files WHERE id = ?", (file_id,))
        return len(ids)

    def known_vectors(self, file_id: int) -> dict[str, bytes]:
        """content_hash → stored vector of a file's current snippets, for reuse.

        Stored vectors are of unit length; one that is not (read from a damaged page
        before a repair: NaN or garbage) is left out, so its snippet is embedded again.
        """
        out = {}
        for content_hash, blob in self.conn.execute(
                "SELECT c.content_hash, v.embedding FROM chunks c "
                "JOIN chunk_vectors v ON v.rowid = c.id WHERE c.file_id = ?", (file_id,)):
            vector = np.frombuffer(blob, dtype=np.float32)
            length = float(np.dot(vector, vector))
            if np.isfinite(length) and abs(length - 1.0) < 1e-3:
                out[content_hash] = blob
        return out

    def write_file(self, *, root_id: int, path: str, rel_path: str, language: str, size: int,
                   mtime_ns: int, content_hash: str, snippets: Sequence[Snippet],
                   vectors: Sequence[np.ndarray | bytes | None],
                   chunker: int = CHUNKER_VERSION) -> int:
        """Replace everything known about one file, atomically.

        `vectors` has one entry per snippet: its vector (an array or float32
        bytes), or None for a snippet not embedded yet. Such a snippet is
        found by keyword at once and gets its vector later (`add_vectors`).
        """
        if len(snippets) != len(vectors):
            raise ValueError("one vector per snippet")
        now = time.time()
        with self.conn:
            row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
            if row is None:
                self.conn.execute(
                    "INSERT INTO files(root_id, path, rel_path, language, size, mtime_ns, hash,"
                    " indexed_at, chunker) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (root_id, path, rel_path, language, size, mtime_ns, content_hash, now,
                     chunker))
                file_id = self.conn.last_insert_rowid()
            else:
                file_id = row[0]
                self.conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
                self.conn.execute(
                    "UPDATE files SET root_id = ?, rel_path = ?, language = ?, size = ?,"
                    " mtime_ns = ?, hash = ?, indexed_at = ?, chunker = ? WHERE id = ?",
                    (root_id, rel_path, language, size, mtime_ns, content_hash, now, chunker,
                     file_id))
            self.conn.execute("DELETE FROM skipped WHERE path = ?", (path,))
            paths = path_words(rel_path)
            embedded: list[tuple[int, np.ndarray]] = []
            for snippet, vector in zip(snippets, vectors, strict=True):
                self.conn.execute(
                    "INSERT INTO chunks(file_id, start_line, end_line, symbol, kind, language,"
                    " text, header, content_hash, def_start, def_end)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (file_id, snippet.start_line, snippet.end_line, snippet.symbol, snippet.kind,
                     snippet.language, snippet.text, snippet.header, snippet.content_hash,
                     snippet.def_start, snippet.def_end))
                chunk_id = self.conn.last_insert_rowid()
                if vector is not None:
                    embedded.append((chunk_id, _as_row(vector)))
                self.conn.executemany(
                    "INSERT INTO chunk_names(key, chunk_id, name) VALUES (?, ?, ?)",
                    [(symbol_key(name.rsplit(".", 1)[-1]), chunk_id, name)
                     for name in snippet.names])
                self._index_text(chunk_id, snippet.symbol, paths, snippet.text, snippet.names)
            self._write_vectors(embedded)
        return file_id

    def _write_vectors(self, rows: Sequence[tuple[int, np.ndarray]]) -> None:
        """Store these chunks' vectors, float and int8 (inside the caller's transaction)."""
        if not rows:
            return
        self.conn.executemany("INSERT INTO chunk_vectors(rowid, embedding) VALUES (?, ?)",
                              [(chunk_id, row.tobytes()) for chunk_id, row in rows])
        schema.write_int8(self.conn, [chunk_id for chunk_id, _ in rows],
                          np.vstack([row for _, row in rows]))

    # -- vectors written after the snippets ------------------------------------

    def unembedded(self, first: Sequence[tuple[str, list[object]]] = ()) -> list[int]:
        """The snippets still without a vector, in the order they get one: what a
        user works on gets its meaning first. Those of files modified in the last
        `RECENT_DAYS` days come first, then those matching each of the conditions
        `first` (SQL over `files f` and `chunks c` with their parameters: the
        folders the user searches in, most recent first), then the rest; newest
        files first within each."""
        # Every vector belongs to one live snippet (the delete trigger): equal counts,
        # a millisecond, mean none waits, where the scan below takes ~90 ms at 100k.
        if self.embedded_count() == self.chunk_count():
            return []
        tiers = ["WHEN f.mtime_ns >= ? THEN 0"]
        params: list[object] = [time.time_ns() - RECENT_DAYS * 86_400 * 10**9]
        for n, (condition, values) in enumerate(first, 1):
            tiers.append(f"WHEN {condition} THEN {n}")
            params.extend(values)
        return [row[0] for row in self.conn.execute(
            "SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id "
            "WHERE NOT EXISTS (SELECT 1 FROM vector_q8 v WHERE v.chunk_id = c.id) "
            f"ORDER BY CASE {' '.join(tiers)} ELSE {len(tiers)} END, f.mtime_ns DESC, c.id",
            params)]

    def embed_texts(self, chunk_ids: Sequence[int]) -> dict[int, str]:
        """chunk id → the text its vector is computed from (Snippet.embed_text);
        chunks deleted since are left out."""
        listed = ",".join(str(int(i)) for i in chunk_ids)
        return {chunk_id: f"{header}\n{text}" if header else text
                for chunk_id, header, text in self.conn.execute(
                    f"SELECT id, header, text FROM chunks WHERE id IN ({listed})")}

    def add_vectors(self, chunk_ids: Sequence[int], vectors: np.ndarray) -> int:
        """Give snippets written without one their vector, in one transaction; the
        number stored (a snippet deleted or embedded meanwhile is passed over)."""
        with self.conn:
            listed = ",".join(str(int(i)) for i in chunk_ids)
            waiting = {row[0] for row in self.conn.execute(
                f"SELECT c.id FROM chunks c WHERE c.id IN ({listed}) AND NOT EXISTS "
                "(SELECT 1 FROM vector_q8 v WHERE v.chunk_id = c.id)")}
            rows = [(chunk_id, _as_row(vector))
                    for chunk_id, vector in zip(chunk_ids, vectors, strict=True)
                    if chunk_id in waiting]
            self._write_vectors(rows)
        return len(rows)

    def embedded_count(self) -> int:
        """Snippets with a vector (an index from before schema 3, opened read-only and
        not migrated yet, has vectors for all of its snippets)."""
        if not self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'vector_q8'").fetchone():
            return self.chunk_count()
        return self.conn.execute("SELECT count(*) FROM vector_q8").fetchone()[0]

    def _index_text(self, chunk_id: int, symbol: str | None, path_text: str, text: str,
                    names: Sequence[str]) -> None:
        """Add one snippet's row to the full-text index (`path_text`: `path_words(rel_path)`)."""
        self.conn.execute(
            "INSERT INTO chunk_fts(rowid, symbol, path, body) VALUES (?, ?, ?, ?)",
            (chunk_id, _symbol_words([symbol, *_outermost(names)]), path_text,
             f"{text}\n{identifier_words(text)}"))

    # -- moves -----------------------------------------------------------------

    def move_file(self, old_path: str, new_path: str, new_root: Root) -> bool:
        """Record that the file at `old_path` is now at `new_path`, inside `new_root`.

        Whatever was indexed at `new_path` is replaced (a rename over an existing
        file). False if nothing was indexed at `old_path`.
        """
        with self.conn:
            row = self.conn.execute("SELECT id FROM files WHERE path = ?", (old_path,)).fetchone()
            if row is None:
                return False
            self._relocate(row[0], new_root.id, new_path, _rel_to(new_path, new_root))
        return True

    def move_folder(self, old_folder: str, new_folder: str, new_root: Root) -> int:
        """Record that the folder `old_folder` is now `new_folder`; returns the files moved."""
        with self.conn:
            rows = [(r.id, r.path) for r in self.files_under(old_folder)]
            for file_id, path in rows:
                target = rebase(path, old_folder, new_folder)
                self._relocate(file_id, new_root.id, target, _rel_to(target, new_root))
        return len(rows)

    def _relocate(self, file_id: int, root_id: int, path: str, rel_path: str) -> None:
        """Give a file a new place without touching its vectors (inside a transaction).

        Snippet headers start with the relative path, so each header is
        rewritten and its content_hash recomputed as if the snippet had been
        cut at the new path: a later edit of the file then reuses these vectors.
        The vectors themselves were embedded with the old path in the header;
        re-embedding a whole moved folder for a few tokens of path is not worth it.
        """
        old_rel = self.conn.execute("SELECT rel_path FROM files WHERE id = ?",
                                    (file_id,)).fetchone()[0]
        self.conn.execute("DELETE FROM chunks WHERE file_id IN "
                          "(SELECT id FROM files WHERE path = ? AND id != ?)", (path, file_id))
        self.conn.execute("DELETE FROM files WHERE path = ? AND id != ?", (path, file_id))
        self.conn.execute("DELETE FROM skipped WHERE path = ?", (path,))
        self.conn.execute("UPDATE files SET root_id = ?, path = ?, rel_path = ? WHERE id = ?",
                          (root_id, path, rel_path, file_id))
        if old_rel == rel_path:
            return
        words = path_words(rel_path)
        for chunk_id, language, symbol, kind, start, end, text, header in self.conn.execute(
                "SELECT id, language, symbol, kind, start_line, end_line, text, header "
                "FROM chunks WHERE file_id = ?", (file_id,)).fetchall():
            moved = Snippet(rel_path, language, symbol, kind, start, end, text,
                            _rehead(header, old_rel, rel_path))
            self.conn.execute("UPDATE chunks SET header = ?, content_hash = ? WHERE id = ?",
                              (moved.header, moved.content_hash, chunk_id))
            self.conn.execute("DELETE FROM chunk_fts WHERE rowid = ?", (chunk_id,))
            names = [row[0] for row in self.conn.execute(
                "SELECT name FROM chunk_names WHERE chunk_id = ?", (chunk_id,))]
            self._index_text(chunk_id, symbol, words, text, names)

    # -- skipped files ---------------------------------------------------------

    def record_skip(self, root_id: int, path: str, reason: str) -> None:
        """Remember why a file is not indexed (and drop what was indexed of it)."""
        with self.conn:
            self.conn.execute("DELETE FROM chunks WHERE file_id IN "
                              "(SELECT id FROM files WHERE path = ?)", (path,))
            self.conn.execute("DELETE FROM files WHERE path = ?", (path,))
            self.conn.execute(
                "INSERT INTO skipped(path, root_id, reason, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET reason = excluded.reason, at = excluded.at,"
                " root_id = excluded.root_id", (path, root_id, reason, time.time()))

    def forget_skips(self, paths: Iterable[str]) -> None:
        with self.conn:
            for path in paths:
                self.conn.execute("DELETE FROM skipped WHERE path = ?", (path,))

    def skipped_under(self, folder: str) -> list[str]:
        low, high = prefix_range(folder)
        return [row[0] for row in self.conn.execute(
            "SELECT path FROM skipped WHERE path > ? AND path < ?", (low, high))]

    def skipped(self, limit: int = 1000) -> list[tuple[str, str]]:
        return [(p, r) for p, r in self.conn.execute(
            "SELECT path, reason FROM skipped ORDER BY path LIMIT ?", (limit,))]

    # -- space -----------------------------------------------------------------

    def reclaim_space(self) -> int:
        """Shrink the file when removed files left a large share of it free; pages freed.

        SQLite keeps freed pages for reuse, so churn does not grow the file, but
        a removed folder would otherwise keep its space for good. New indexes
        use incremental vacuum (cheap, in place); an older index is converted by
        one full VACUUM the first time. The WAL is then checkpointed, which is
        when the file really shrinks. A failure (no room for VACUUM's copy, say)
        costs nothing but the space.
        """
        free = self.conn.execute("PRAGMA freelist_count").fetchone()[0]
        pages = self.conn.execute("PRAGMA page_count").fetchone()[0]
        if free < RECLAIM_MIN_PAGES or free < RECLAIM_SHARE * pages:
            return 0
        try:
            if self.conn.execute("PRAGMA auto_vacuum").fetchone()[0] == INCREMENTAL_VACUUM:
                self.conn.execute("PRAGMA incremental_vacuum").fetchall()
            else:
                self.conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
                self.conn.execute("VACUUM")
            # PASSIVE: never waits for a reader (a search in the window); if one
            # holds the WAL, a later automatic checkpoint shrinks the file.
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except apsw.Error as exc:
            log.warning("could not reclaim free space in %s: %s", self.path, exc)
            return 0
        return free - self.conn.execute("PRAGMA freelist_count").fetchone()[0]

    # -- statistics ------------------------------------------------------------

    def chunk_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM chunks").fetchone()[0]

    def stats(self) -> StoreStats:
        count = self.conn.execute
        languages = dict(count("SELECT language, count(*) FROM chunks GROUP BY language "
                               "ORDER BY 2 DESC").fetchall())
        return StoreStats(
            roots=self.roots(),
            files=count("SELECT count(*) FROM files").fetchone()[0],
            chunks=self.chunk_count(),
            skipped=count("SELECT count(*) FROM skipped").fetchone()[0],
            model=self.model(),
            languages=languages,
            embedded=self.embedded_count(),
        )


_FILE_COLUMNS = "id, root_id, path, size, mtime_ns, hash, chunker"  # FileRecord's fields


def _symbol_words(names: Sequence[str | None]) -> str:
    """The names (qualified symbols) with their parts, for the full-text `symbol` column."""
    unique = list(dict.fromkeys(name for name in names if name))
    return " ".join(f"{name} {identifier_words(name)}" for name in unique)


def _outermost(names: Sequence[str]) -> list[str]:
    """The names not nested in another of them (`Point`, not `Point.norm` beside it).

    Why: a snippet names the definitions nested in it too, so that a search for
    one finds where it is defined (`chunk_names`); weighted as the snippet's own
    names in BM25, a small class's methods lifted the whole class over each method's
    own words (dev split, docs/QUALITY.md, chunker 8).
    """
    given = set(names)
    return [name for name in names
            if not any(name[:i] in given for i, ch in enumerate(name) if ch == ".")]


def _as_row(vector: np.ndarray | bytes) -> np.ndarray:
    if isinstance(vector, bytes):
        return np.frombuffer(vector, dtype=np.float32)
    return np.ascontiguousarray(vector, dtype=np.float32)


def _rel_to(path: str, root: Root) -> str:
    return Path(path).relative_to(root.path).as_posix()


def _rehead(header: str, old_rel: str, new_rel: str) -> str:
    """`header` with the file's old relative path replaced by the new one.

    The chunker starts every header with the relative path (or only the file
    name when the path is too long for the model), then ` · symbol · signature`.
    """
    from app.core.chunking.chunker import HEADER_SEPARATOR  # tree-sitter: only when moving

    old_name, new_name = old_rel.rsplit("/", 1)[-1], new_rel.rsplit("/", 1)[-1]
    for old, new in ((old_rel, new_rel), (old_name, new_name)):
        if header == old or header.startswith(old + HEADER_SEPARATOR):
            return new + header[len(old):]
    return header
