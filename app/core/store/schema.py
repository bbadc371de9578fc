"""Schema of the index and its migrations (`PRAGMA user_version`).

Vectors (sqlite-vec `vec0`) and the full-text index (FTS5) hang off `chunks`
by rowid; a trigger deletes them with their chunk, so no code path can leave an
orphan vector or FTS row behind. The vector table is created when the first
model is bound, because its width is the model's dimension.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from itertools import islice

import apsw
import numpy as np

from app.core.errors import StoreError
from app.core.store.codes import INDEX_ID_KEY, int8_blobs

Migration = str | Callable[[apsw.Connection], None]
BACKFILL_BATCH = 4096


def _add_int8_vectors(conn: apsw.Connection) -> None:
    """3: an int8 copy of every vector, for fast search (see codes.py).

    `seq` only grows (AUTOINCREMENT): a reader that keeps the vectors in
    memory loads what was added since it last looked by `seq`. Existing
    vectors are copied from `chunk_vectors`. The file gets a random id (see codes.py).
    """
    conn.execute("""
        CREATE TABLE vector_q8(
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            chunk_id INTEGER NOT NULL,
            vec BLOB NOT NULL
        );
        CREATE INDEX vector_q8_chunk ON vector_q8(chunk_id);
        CREATE TRIGGER chunks_q8_cleanup AFTER DELETE ON chunks BEGIN
            DELETE FROM vector_q8 WHERE chunk_id = old.id;
        END;
    """)
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                 (INDEX_ID_KEY, secrets.token_hex(8)))
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'chunk_vectors'").fetchone():
        return
    rows = conn.execute("SELECT rowid, embedding FROM chunk_vectors")
    while batch := list(islice(rows, BACKFILL_BATCH)):
        vectors = np.vstack([np.frombuffer(blob, dtype=np.float32) for _, blob in batch])
        write_int8(conn, [int(i) for i, _ in batch], vectors)


def write_int8(conn: apsw.Connection, chunk_ids: list[int], vectors: np.ndarray) -> None:
    """Add the int8 copies of these chunks' vectors (inside the caller's transaction)."""
    conn.executemany("INSERT INTO vector_q8(chunk_id, vec) VALUES (?, ?)",
                     zip(chunk_ids, int8_blobs(vectors), strict=True))


def _add_definitions(conn: apsw.Connection) -> None:
    """4: which definition each snippet is a piece of, and the names defined in it.

    `def_start`/`def_end` let a search collapse the pieces of one definition into
    one result; `chunk_names` finds the definition of a name without a scan
    (`key` is `terms.symbol_key` of the last part of the qualified name).
    `files.chunker` is the CHUNKER_VERSION a file was cut with: a file cut by an
    older chunker is cut again by the next index, and its snippets whose text did
    not change keep their vectors.
    """
    conn.execute("""
        ALTER TABLE chunks ADD COLUMN def_start INTEGER;
        ALTER TABLE chunks ADD COLUMN def_end INTEGER;
        CREATE TABLE chunk_names(
            key TEXT NOT NULL,
            chunk_id INTEGER NOT NULL,
            name TEXT NOT NULL
        );
        CREATE INDEX chunk_names_key ON chunk_names(key);
        CREATE INDEX chunk_names_chunk ON chunk_names(chunk_id);
        CREATE TRIGGER chunks_names_cleanup AFTER DELETE ON chunks BEGIN
            DELETE FROM chunk_names WHERE chunk_id = old.id;
        END;
        ALTER TABLE files ADD COLUMN chunker INTEGER NOT NULL DEFAULT 0;
    """)


MIGRATIONS: list[Migration] = [
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
    _add_int8_vectors,
    _add_definitions,
]

SCHEMA_VERSION = len(MIGRATIONS)


# Tables every index has had since the first schema: a database holding none of them
# is not Kenning's.
INDEX_TABLES = frozenset({"meta", "roots", "files", "chunks"})


def foreign_database(path: object, tables: set[str]) -> str:
    """What to say of a database at `path` whose `tables` are none of an index's."""
    return (f"{path} is another application's SQLite database (tables: "
            f"{', '.join(sorted(tables)[:5])})")


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
            migration = MIGRATIONS[step]
            if callable(migration):
                migration(conn)
            else:
                conn.execute(migration)
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
