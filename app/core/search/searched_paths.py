"""The path filters a user searched an index with, most recent first.

The indexer embeds the snippets under them before the rest (after the files
modified in the last days): the folders someone filters on are where they
work. Kept beside the index (`index.db` → `index.db.searched.json`, 0600), so
each index has its own and a read-only index simply keeps none.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Sequence
from pathlib import Path

from app.core.atomic_write import write_atomically

KEEP = 16

# What this process last put first, per index: a window re-running one filtered
# search for every keystroke touches no file (searches are on the query path).
_LAST: dict[Path, tuple[str, ...]] = {}
_LAST_LOCK = threading.Lock()


def searched_file(db: Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".searched.json")


def recent_paths(db: Path) -> list[str]:
    """The path filters searched with on `db`, most recent first; [] when none or unreadable."""
    try:
        paths = json.loads(searched_file(db).read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [p for p in paths if isinstance(p, str)][:KEEP] if isinstance(paths, list) else []


def remember_paths(db: Path, paths: Sequence[str]) -> None:
    """Put `paths` first. Nothing is written when they are first already; a file that
    cannot be written (read-only index folder, full disk) is passed over."""
    asked = tuple(paths)
    with _LAST_LOCK:
        if not asked or _LAST.get(Path(db)) == asked:
            return
        _LAST[Path(db)] = asked
    known = recent_paths(db)
    wanted = list(dict.fromkeys(_absolute(p) for p in asked))
    if known[:len(wanted)] == wanted:
        return
    kept = (wanted + [p for p in known if p not in wanted])[:KEEP]
    with contextlib.suppress(OSError):
        write_atomically(searched_file(db), json.dumps(kept))


def _absolute(path: str) -> str:
    """A folder as an absolute path (the indexer may run elsewhere); globs and
    substrings as typed."""
    folder = Path(path).expanduser()
    return str(folder.absolute()) if folder.is_dir() else path
