"""Throw an index away so it can be built again, keeping the list of roots.

`--db` may name any file by mistake (a text file, another application's SQLite
database, a device): a device or another application's database is refused, a
file that is no database at all is moved aside rather than deleted, and a rebuild
never starts by losing what it cannot bring back (the folders of a missing drive).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import apsw

from app.core.errors import KenningError
from app.core.store import schema

SIDE_FILES = ("-wal", "-shm", "-journal")
SQLITE_HEADER = b"SQLite format 3\x00"
_ONLY_AN_INDEX = "--rebuild replaces only an index"


def _read(db_path: Path) -> tuple[set[str], list[str]]:
    """The tables and recorded roots of the SQLite file at `db_path`, as far as they can
    be read: none of either when it is no SQLite file or a damaged one."""
    if not _is_sqlite_file(db_path):
        return set(), []
    try:
        conn = apsw.Connection(str(db_path), flags=apsw.SQLITE_OPEN_READONLY)
    except apsw.Error:
        return set(), []
    tables: set[str] = set()
    roots: list[str] = []
    try:
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        roots = [row[0] for row in conn.execute("SELECT path FROM roots")]
    except apsw.Error:
        pass  # damaged: what could be read is all there is
    finally:
        conn.close()
    return tables, roots


def _is_sqlite_file(db_path: Path) -> bool:
    try:
        with db_path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@dataclass(frozen=True)
class Rebuild:
    """An index found safe to throw away (`prepare_rebuild`), and the folders it had."""

    db_path: Path
    roots: list[str]

    def discard(self) -> Path | None:
        """Throw the index file (and its WAL) away; where a file that was no SQLite
        database at all was moved to rather than deleted (it may be anything)."""
        db_path, kept = self.db_path, None
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
        return kept


def prepare_rebuild(db_path: Path) -> Rebuild:
    """The index at `db_path` and its roots, once it is sure that the file can go: it is
    a regular file, not another application's SQLite database, and every folder of
    the index is there. Raises KenningError, having touched nothing, otherwise."""
    if not os.path.lexists(db_path):
        return Rebuild(db_path, [])
    if db_path.is_symlink() or not db_path.is_file():
        raise KenningError(f"{db_path} is not a regular file; {_ONLY_AN_INDEX}")
    tables, roots = _read(db_path)
    if tables and not tables & schema.INDEX_TABLES:
        raise KenningError(f"{schema.foreign_database(db_path, tables)}; {_ONLY_AN_INDEX}")
    missing = [root for root in roots if not Path(root).is_dir()]
    if missing:
        raise KenningError(
            f"{missing[0]}, a folder of the index {db_path}, is missing (an unplugged drive?); "
            "nothing was thrown away: reconnect it and run again")
    return Rebuild(db_path, roots)


def _free_name(path: Path) -> Path:
    n, candidate = 1, path
    while os.path.lexists(candidate):
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate
