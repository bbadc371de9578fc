"""Open the index database: apsw + sqlite-vec, WAL, private file mode.

The stdlib `sqlite3` of many Python builds (pyenv, macOS system Python) cannot
load extensions, so the index always goes through apsw, which bundles a recent
SQLite that can (and has FTS5 with `contentless_delete`).
"""

from __future__ import annotations

import os
from pathlib import Path

import apsw
import sqlite_vec

from app.core.errors import CorruptDatabaseError, StoreError
from app.core.paths import ensure_private_dir

BUSY_TIMEOUT_MS = 10_000
# After a checkpoint the WAL file is cut back to this size (it is reused, not
# shrunk, otherwise: one big indexing run would leave a big WAL for good).
WAL_SIZE_LIMIT = 16 * 1024 * 1024

REBUILD_HINT = "rebuild it with: kenning index --rebuild"


def open_connection(path: Path, *, readonly: bool = False) -> apsw.Connection:
    """Open (creating if needed) the database at `path` with sqlite-vec loaded.

    Every connection loads the extension: it is per connection, not per file.
    Read-only, an index in a folder this user cannot write (a team's shared
    index) is opened as immutable: SQLite cannot create the WAL's shared-memory
    file next to it, and nobody can be writing it there either.
    """
    created = False
    if path.is_dir():
        raise StoreError(f"{path} is a folder: give --db the index file's path")
    try:
        if readonly:
            if not path.exists():
                raise StoreError(f"no index at {path}: run `kenning index PATH` first")
            flags = apsw.SQLITE_OPEN_READONLY
        else:
            ensure_private_dir(path.parent)
            created = not path.exists()
            if created:
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            flags = apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE
        conn = apsw.Connection(str(path), flags=flags)
    except apsw.CantOpenError as exc:
        raise StoreError(f"cannot open index {path}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot create index {path}: {exc.strerror}") from exc
    try:
        _configure(conn, readonly=readonly, created=created)
    except apsw.ReadOnlyError:
        conn.close()
        if not readonly:
            raise
        conn = apsw.Connection(f"{path.absolute().as_uri()}?immutable=1",
                               flags=apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_URI)
        _configure(conn, readonly=True, created=False)
    except (apsw.NotADBError, apsw.CorruptError) as exc:
        conn.close()
        raise damaged(path, exc) from exc
    return conn


def _configure(conn: apsw.Connection, *, readonly: bool, created: bool) -> None:
    conn.set_busy_timeout(BUSY_TIMEOUT_MS)
    conn.enable_load_extension(True)
    conn.load_extension(sqlite_vec.loadable_path())
    conn.enable_load_extension(False)
    if not readonly:
        if created:  # only takes effect before the first table: see Store.reclaim_space
            conn.execute("PRAGMA auto_vacuum=INCREMENTAL")
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute("PRAGMA temp_store=MEMORY")
    # Touch the schema so a damaged or foreign file fails here, clearly.
    conn.execute("SELECT count(*) FROM sqlite_master").fetchall()


def damaged(path: Path, exc: apsw.Error) -> CorruptDatabaseError:
    """The error for an index file SQLite found damaged, with the way out."""
    return CorruptDatabaseError(f"index {path} is damaged ({exc}); {REBUILD_HINT}")
