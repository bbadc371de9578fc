"""Throw an index away so it can be built again, keeping the list of roots."""

from __future__ import annotations

from pathlib import Path

import apsw

from app.core.errors import KenningError

SIDE_FILES = ("-wal", "-shm", "-journal")


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


def discard_index(db_path: Path) -> list[str]:
    """Delete the index file (and its WAL) and return the roots it had."""
    if not db_path.exists():
        return []
    roots = salvage_roots(db_path)
    for suffix in ("", *SIDE_FILES):
        target = Path(f"{db_path}{suffix}")
        try:
            target.unlink(missing_ok=True)
        except OSError as exc:
            raise KenningError(f"cannot remove {target}: {exc.strerror}") from exc
    return roots
