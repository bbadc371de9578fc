"""Schema of the index and its migrations (`PRAGMA user_version`).

Vectors (sqlite-vec `vec0`) and the full-text index (FTS5) hang off `chunks`
by rowid; a trigger deletes them with their chunk, so no code path can leave an
orphan vector or FTS row behind. The vector table is created when the first
model is bound, because its width is the model's dimension.
"""

from __future__ import annotations

import apsw

from app.core.errors import StoreError

MIGRATIONS: list[str] = [
    # 1: roots, files, chunks, skipped files, full-text index.
    """
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE roots(
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        added_at REAL NOT NULL,
        indexed_at REAL
    );
    CREATE TABLE files(
        id INTEGER PRIMARY KEY,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        path TEXT NOT NULL UNIQUE,
        rel_path TEXT NOT NULL,
        language TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        hash TEXT NOT NULL,
        indexed_at REAL NOT NULL
    );
    CREATE INDEX files_root ON files(root_id);
    CREATE TABLE chunks(
        id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
        start_line INTEGER NOT NULL,
        end_line INTEGER NOT NULL,
        symbol TEXT,
        kind TEXT NOT NULL,
        language TEXT NOT NULL,
        text TEXT NOT NULL,
        header TEXT NOT NULL,
        content_hash TEXT NOT NULL
    );
    CREATE INDEX chunks_file ON chunks(file_id);
    CREATE TABLE skipped(
        path TEXT PRIMARY KEY,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX skipped_root ON skipped(root_id);
    CREATE VIRTUAL TABLE chunk_fts USING fts5(
        symbol, path, body,
        content='', contentless_delete=1,
        tokenize='porter unicode61'
    );
    CREATE TRIGGER chunks_fts_cleanup AFTER DELETE ON chunks BEGIN
        DELETE FROM chunk_fts WHERE rowid = old.id;
    END;
    """,
    # 2: find a file by its content, to recognise a moved file by its bytes.
    """
    CREATE INDEX files_hash ON files(hash);
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: apsw.Connection) -> None:
    """Bring the schema to SCHEMA_VERSION, one transaction per step."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the index was written by a newer Kenning (schema {version} > {SCHEMA_VERSION}); "
            "upgrade Kenning or use another --db"
        )
    for step in range(version, SCHEMA_VERSION):
        with conn:
            conn.execute(MIGRATIONS[step])
            conn.execute(f"PRAGMA user_version={step + 1}")


def create_vector_table(conn: apsw.Connection, dim: int) -> None:
    """Create the vec0 table for `dim`-wide vectors and the cleanup trigger."""
    conn.execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vectors USING vec0("
        f"embedding float[{int(dim)}] distance_metric=cosine)"
    )
    conn.execute(
        """
        CREATE TRIGGER IF NOT EXISTS chunks_vector_cleanup AFTER DELETE ON chunks BEGIN
            DELETE FROM chunk_vectors WHERE rowid = old.id;
        END
        """
    )


def drop_vector_table(conn: apsw.Connection) -> None:
    conn.execute("DROP TRIGGER IF EXISTS chunks_vector_cleanup")
    conn.execute("DROP TABLE IF EXISTS chunk_vectors")
