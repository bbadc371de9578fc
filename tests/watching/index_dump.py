"""The logical content of an index, to compare a watched index with a fresh one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.core.store.store import Store


@dataclass(frozen=True)
class IndexDump:
    files: list[tuple[object, ...]]  # path, rel_path, language, size, mtime_ns, hash
    chunks: list[tuple[object, ...]]  # path, lines, symbol, kind, language, header, content_hash
    skipped: list[tuple[str, str]]
    vectors: int
    fts_rows: int
    problems: dict[str, int]  # orphans and dangling rows: all must be 0
    integrity: str

    def content(self) -> tuple[object, ...]:
        """What must be equal between two indexes of the same tree."""
        return self.files, self.chunks, self.skipped, self.vectors, self.fts_rows

    def assert_consistent(self) -> None:
        """No orphan, no dangling row. Snippets may still wait for their vector: a run
        stopped in its embedding phase leaves them, searchable by keyword."""
        assert self.integrity == "ok", self.integrity
        assert not any(self.problems.values()), self.problems
        assert self.fts_rows == len(self.chunks) >= self.vectors


PROBLEMS = {
    "vectors without a chunk":
        "SELECT count(*) FROM chunk_vectors WHERE rowid NOT IN (SELECT id FROM chunks)",
    "FTS rows without a chunk":
        "SELECT count(*) FROM chunk_fts WHERE rowid NOT IN (SELECT id FROM chunks)",
    "chunks without an FTS row":
        "SELECT count(*) FROM chunks WHERE id NOT IN (SELECT rowid FROM chunk_fts)",
    "chunks without a file":
        "SELECT count(*) FROM chunks WHERE file_id NOT IN (SELECT id FROM files)",
    "files without a root":
        "SELECT count(*) FROM files WHERE root_id NOT IN (SELECT id FROM roots)",
}


def dump_index(db: Path) -> IndexDump:
    with Store(db, readonly=True) as store:
        q = store.conn.execute
        has_vectors = q("SELECT count(*) FROM sqlite_master WHERE name = 'chunk_vectors'"
                        ).fetchone()[0]
        return IndexDump(
            files=q("SELECT path, rel_path, language, size, mtime_ns, hash FROM files "
                    "ORDER BY path").fetchall(),
            chunks=q("SELECT f.path, c.start_line, c.end_line, c.symbol, c.kind, c.language,"
                     " c.header, c.content_hash FROM chunks c JOIN files f ON f.id = c.file_id"
                     " ORDER BY f.path, c.start_line, c.end_line").fetchall(),
            skipped=q("SELECT path, reason FROM skipped ORDER BY path").fetchall(),
            vectors=q("SELECT count(*) FROM chunk_vectors").fetchone()[0] if has_vectors else 0,
            fts_rows=q("SELECT count(*) FROM chunk_fts").fetchone()[0],
            problems={what: q(sql).fetchone()[0] for what, sql in PROBLEMS.items()
                      if has_vectors or "vector" not in sql},
            integrity=q("PRAGMA integrity_check").fetchone()[0],
        )
