"""SQLite failures the user can act on, turned into one-line KenningErrors.

A full disk, a damaged file or a failing device shows up deep inside a query
as an apsw exception; the user needs to hear what happened to which file and
what to do, not the name of a C library error. SQLite rolls the failed
transaction back, so the index holds every file committed before, whole.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import apsw

from app.core.errors import KenningError, StoreError
from app.core.store.connection import damaged

DISK_FULL_BYTES = 1_000_000
# sqlite-vec reports a damaged vector page as a plain SQL error.
_VECTOR_BLOB_FAILURES = re.compile(r"blob read error|Could not fetch vector data|reading from blob")


def explain(exc: BaseException, db_path: Path) -> KenningError | None:
    """The user-facing error for a storage failure `exc`, or None if it is not one."""
    if isinstance(exc, apsw.FullError) or (isinstance(exc, apsw.IOError)
                                           and _disk_full(db_path)):
        return StoreError(f"disk full: cannot write to the index {db_path}; free some space "
                          "and run the same command again (what was indexed is kept)")
    if isinstance(exc, (apsw.CorruptError, apsw.NotADBError)) or (
            isinstance(exc, apsw.SQLError) and _VECTOR_BLOB_FAILURES.search(str(exc))):
        return damaged(db_path, exc)
    if isinstance(exc, (apsw.IOError, apsw.ReadOnlyError, apsw.CantOpenError)):
        return StoreError(f"cannot use the index {db_path}: {exc} "
                          "(is its disk full, read-only or gone?)")
    return None


def _disk_full(db_path: Path) -> bool:
    """Whether the index's disk is (nearly) full: SQLite reports that as I/O errors too
    when it is the WAL's shared memory that found no room."""
    try:
        return shutil.disk_usage(db_path.parent).free < DISK_FULL_BYTES
    except OSError:
        return False


@contextlib.contextmanager
def storage_failures(db_path: Path) -> Iterator[None]:
    """Raise storage failures inside the block as their KenningError."""
    try:
        yield
    except apsw.Error as exc:
        error = explain(exc, db_path)
        if error is None:
            raise
        raise error from exc
