"""The index: one SQLite file holding roots, files, snippets, vectors and BM25 text.

Every change to one file's snippets is one transaction, so a process killed at
any moment leaves the index at the last committed file and the next run picks
up where it stopped. WAL mode lets searches read while the indexer writes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import apsw
import numpy as np

from app.core.chunking.snippet import Snippet
from app.core.errors import ModelMismatchError, StoreError
from app.core.store import schema
from app.core.store.connection import open_connection
from app.core.terms import identifier_words, path_words


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


@dataclass(frozen=True, slots=True)
class StoreStats:
    roots: list[Root]
    files: int
    chunks: int
    skipped: int
    model: ModelInfo | None
    languages: dict[str, int]


class Store:
    """Access to one index file. Not shared between threads: open one per thread."""

    def __init__(self, path: Path, *, readonly: bool = False) -> None:
        self.path = path
        self.conn = open_connection(path, readonly=readonly)
        if readonly:
            self._check_schema_readable()
        else:
            schema.migrate(self.conn)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_schema_readable(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == 0:
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
            self.conn.execute("UPDATE files SET root_id = ?, rel_path = ? WHERE id = ?",
                              (root_id, rel, file_id))
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
            "SELECT id, root_id, path, size, mtime_ns, hash FROM files WHERE path = ?", (path,)
        ).fetchone()
        return FileRecord(*row) if row else None

    def file_paths_under(self, root_id: int, prefix: str | None = None) -> Iterator[tuple[int, str]]:
        """(id, path) of the files of a root, optionally below the folder `prefix`."""
        if prefix is None:
            yield from self.conn.execute("SELECT id, path FROM files WHERE root_id = ?",
                                         (root_id,)).fetchall()
            return
        folder = prefix.rstrip("/") + "/"
        yield from self.conn.execute(
            "SELECT id, path FROM files WHERE root_id = ? AND substr(path, 1, ?) = ?",
            (root_id, len(folder), folder)).fetchall()

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
        """content_hash → stored vector of a file's current snippets, for reuse."""
        return dict(self.conn.execute(
            "SELECT c.content_hash, v.embedding FROM chunks c "
            "JOIN chunk_vectors v ON v.rowid = c.id WHERE c.file_id = ?", (file_id,)))

    def write_file(self, *, root_id: int, path: str, rel_path: str, language: str, size: int,
                   mtime_ns: int, content_hash: str, snippets: Sequence[Snippet],
                   vectors: np.ndarray) -> int:
        """Replace everything known about one file, atomically."""
        if len(snippets) != len(vectors):
            raise ValueError("one vector per snippet")
        blobs = np.ascontiguousarray(vectors, dtype=np.float32)
        now = time.time()
        with self.conn:
            row = self.conn.execute("SELECT id FROM files WHERE path = ?", (path,)).fetchone()
            if row is None:
                self.conn.execute(
                    "INSERT INTO files(root_id, path, rel_path, language, size, mtime_ns, hash,"
                    " indexed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (root_id, path, rel_path, language, size, mtime_ns, content_hash, now))
                file_id = self.conn.last_insert_rowid()
            else:
                file_id = row[0]
                self.conn.execute("DELETE FROM chunks WHERE file_id = ?", (file_id,))
                self.conn.execute(
                    "UPDATE files SET root_id = ?, rel_path = ?, language = ?, size = ?,"
                    " mtime_ns = ?, hash = ?, indexed_at = ? WHERE id = ?",
                    (root_id, rel_path, language, size, mtime_ns, content_hash, now, file_id))
            self.conn.execute("DELETE FROM skipped WHERE path = ?", (path,))
            paths = path_words(rel_path)
            for snippet, blob in zip(snippets, blobs, strict=True):
                self.conn.execute(
                    "INSERT INTO chunks(file_id, start_line, end_line, symbol, kind, language,"
                    " text, header, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (file_id, snippet.start_line, snippet.end_line, snippet.symbol, snippet.kind,
                     snippet.language, snippet.text, snippet.header, snippet.content_hash))
                chunk_id = self.conn.last_insert_rowid()
                self.conn.execute("INSERT INTO chunk_vectors(rowid, embedding) VALUES (?, ?)",
                                  (chunk_id, blob.tobytes()))
                self.conn.execute(
                    "INSERT INTO chunk_fts(rowid, symbol, path, body) VALUES (?, ?, ?, ?)",
                    (chunk_id, _symbol_words(snippet.symbol), paths,
                     f"{snippet.text}\n{identifier_words(snippet.text)}"))
        return file_id

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

    def skipped_paths_under(self, root_id: int) -> list[str]:
        return [row[0] for row in
                self.conn.execute("SELECT path FROM skipped WHERE root_id = ?", (root_id,))]

    def skipped(self, limit: int = 1000) -> list[tuple[str, str]]:
        return [(p, r) for p, r in self.conn.execute(
            "SELECT path, reason FROM skipped ORDER BY path LIMIT ?", (limit,))]

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
        )


def _symbol_words(symbol: str | None) -> str:
    if not symbol:
        return ""
    return f"{symbol} {identifier_words(symbol)}"

