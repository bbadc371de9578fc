"""The path filters a user searched an index with, most recent first.

The indexer embeds the snippets under them before the rest (after the files
modified in the last days): the folders someone filters on are where they
work. Kept beside the index (`index.db` → `index.db.searched.json`, 0600), so
each index has its own and a read-only index simply keeps none.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Sequence
from pathlib import Path

KEEP = 16


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
    known = recent_paths(db)
    wanted = list(dict.fromkeys(_absolute(p) for p in paths))
    if not wanted or known[:len(wanted)] == wanted:
        return
    kept = (wanted + [p for p in known if p not in wanted])[:KEEP]
    target = searched_file(db)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        with open(fd, "w", encoding="utf-8") as handle:
            json.dump(kept, handle)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _absolute(path: str) -> str:
    """A folder as an absolute path (the indexer may run elsewhere); globs and
    substrings as typed."""
    folder = Path(path).expanduser()
    return str(folder.absolute()) if folder.is_dir() else path
