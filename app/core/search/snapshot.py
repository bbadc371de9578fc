"""Values computed from what a connection sees, kept until the database changes.

A window re-runs its search for every keystroke; what a search asks SQL about
the whole index (which chunks a filter keeps, how many vectors there are)
stays the same until something commits. SQLite's `data_version` changes when
another connection commits, and the connection's own `total_changes` when it
writes itself: together they name what the connection sees.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import apsw

KEPT = 32  # values remembered per connection (all dropped when full)
T = TypeVar("T")

# connection → (what it sees, key) → value; a connection's entries go with it.
_KEPT: weakref.WeakKeyDictionary[apsw.Connection, dict[Hashable, object]] = (
    weakref.WeakKeyDictionary())
_LOCK = threading.Lock()


def remembered(conn: apsw.Connection, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, asked once for `key` while `conn` sees the same database.

    Call inside the caller's read transaction (so `compute` reads the snapshot
    that `version` names).
    """
    full = (version(conn), key)
    with _LOCK:
        found = _KEPT.get(conn, {}).get(full)
    if found is not None:
        return found  # type: ignore[return-value]
    value = compute()
    with _LOCK:
        kept = _KEPT.setdefault(conn, {})
        if len(kept) >= KEPT:
            kept.clear()
        kept[full] = value
    return value


def version(conn: apsw.Connection) -> tuple[int, int]:
    """Changes whenever a commit changes what `conn` sees: another connection's
    (SQLite's `data_version`) or its own (`total_changes`)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0]), conn.total_changes()
