"""How each watched folder is watched, kept in the index for `kenning status` and the GUI.

One meta entry per watched folder ("watch:<path>"), written by the watching
process and removed when it stops. A process killed outright leaves its
entries behind; readers skip those whose process is gone.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass, field

from app.core.store.store import Store

META_PREFIX = "watch:"
NATIVE = "native"
POLLING = "polling"


@dataclass(frozen=True)
class RootWatch:
    """One watched folder: `mode` is "native" or "polling"; why, and how to fix it."""

    path: str
    mode: str
    reason: str | None = None
    hint: str | None = None
    pid: int = field(default_factory=os.getpid)
    since: float = field(default_factory=time.time)


def save_watch(store: Store, watch: RootWatch) -> None:
    store.set_meta(META_PREFIX + watch.path, json.dumps(asdict(watch)))


def forget_watches(store: Store, paths: list[str]) -> None:
    for path in paths:
        store.delete_meta(META_PREFIX + path)


def live_watches(store: Store) -> list[RootWatch]:
    """The folders being watched right now, by processes still running."""
    watches = []
    for value in store.meta_items(META_PREFIX).values():
        try:
            watch = RootWatch(**json.loads(value))
        except (ValueError, TypeError):
            continue
        if _alive(watch.pid):
            watches.append(watch)
    return sorted(watches, key=lambda w: w.path)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True
