"""Throw an index away so it can be built again, keeping the list of roots.

`--db` may name any file by mistake (a text file, another application's SQLite
database, a device): a device or another application's database is refused, a
file that is no database at all is moved aside rather than deleted, and a rebuild
never starts by losing what it cannot bring back (the folders of a missing drive).
"""

from __future__ import annotations

import os
from pathlib import Path

import apsw

from app.core.errors import KenningError
from app.core.store import schema

SIDE_FILES = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"


def salvage_roots(db_path: Path) -> list[str]:
    """The root folders recorded in `db_path`, read as best we can (it may be damaged)."""
    try:
        conn = apsw.Connection(str(db_path), flags=apsw.SQLITE_OPEN_READONLY)
        try:
            return [row[0] for row in conn.execute("SELECT path FROM roots")]
        finally:
            conn.close()
    except apsw.Error:
        return []


def prepare_rebuild(db_path: Path) -> list[str]:
    """The roots of the index at `db_path`, once it is sure that the file can go: it is
    a regular file, not another application's SQLite database, and every folder of
    the index is there. Raises KenningError, having touched nothing, otherwise."""
    if not os.path.lexists(db_path):
        return []
    if db_path.is_symlink() or not db_path.is_file():
        raise KenningError(f"{db_path} is not a regular file; --rebuild replaces only an index")
    tables = _tables(db_path)
    if tables and not tables & schema.INDEX_TABLES:
        raise KenningError(f"{schema.foreign_database(db_path, tables)}; "
                           "--rebuild replaces only an index")
    roots = salvage_roots(db_path)
    missing = [root for root in roots if not Path(root).is_dir()]
    if missing:
        raise KenningError(
            f"{missing[0]}, a folder of the index {db_path}, is missing (an unplugged drive?); "
            "nothing was thrown away: reconnect it and run again")
    return roots


def _tables(db_path: Path) -> set[str]:
    """The tables of the SQLite database at `db_path`; none if it is no readable one."""
    if not _is_sqlite_file(db_path):
        return set()
    try:
        conn = apsw.Connection(str(db_path), flags=apsw.SQLITE_OPEN_READONLY)
        try:
            return {row[0] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            conn.close()
    except apsw.Error:
        return set()


def _is_sqlite_file(db_path: Path) -> bool:
    try:
        with db_path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def discard_index(db_path: Path) -> tuple[list[str], Path | None]:
    """Throw the index file (and its WAL) away; its roots, and where a file that was no
    SQLite database at all was moved to rather than deleted (it may be anything)."""
    roots = prepare_rebuild(db_path)
    kept = None
    if os.path.lexists(db_path) and db_path.stat().st_size and not _is_sqlite_file(db_path):
        kept = _free_name(db_path.with_name(db_path.name + ".not-an-index"))
        try:
            db_path.rename(kept)
        except OSError as exc:
            raise KenningError(f"cannot move {db_path} aside: {exc.strerror}") from exc
    for suffix in ("", *SIDE_FILES):
        target = Path(f"{db_path}{suffix}")
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise KenningError(f"cannot remove {target}: {exc.strerror}") from exc
    return roots, kept


def _free_name(path: Path) -> Path:
    n, candidate = 1, path
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate
