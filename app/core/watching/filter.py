"""Which file system events are worth a look: the walker's own rules, per watched folder.

Runs on the watchdog threads for every event, so it must be cheap: the rules
of each folder are worked out once (FolderRules) and an event inside an
ignored folder (.git/, node_modules/) is dropped after one dict lookup.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.files.rules import IgnoreOptions
from app.core.files.walker import FolderRules

# Forget the cached rules past this many folders (a long session in a huge tree).
MAX_CACHED_FOLDERS = 50_000


@dataclass(frozen=True)
class Watched:
    """A watched folder and the indexed root it belongs to (itself or an ancestor)."""

    folder: Path
    root: Path


class EventFilter:
    """Thread-safe: called from every observer thread."""

    def __init__(self, watched: Sequence[Watched], options: IgnoreOptions,
                 private: Sequence[Path] = ()) -> None:
        self.watched = list(watched)
        self.options = options
        self.private = frozenset(private)
        self._lock = threading.Lock()
        self._rules = {w.root: FolderRules(w.root, options) for w in self.watched}

    def wanted(self, path: Path, is_dir: bool) -> bool:
        """Whether a change at `path` may change the index (it may be gone already)."""
        if path in self.private:
            return False
        for watched in self.watched:
            if path == watched.folder:
                return is_dir
            if watched.folder in path.parents:
                with self._lock:
                    rules = self._rules[watched.root]
                    if rules.folders_known > MAX_CACHED_FOLDERS:
                        rules = self._rules[watched.root] = FolderRules(watched.root, self.options)
                    return rules.wants(path, is_dir)
        return False

    def forget_rules(self) -> None:
        """An ignore file changed: work the rules out again."""
        with self._lock:
            self._rules = {w.root: FolderRules(w.root, self.options) for w in self.watched}

    def scandir(self, path: str | None) -> Iterator[os.DirEntry[str]]:
        """`os.scandir` without what the index leaves out: what the polling observer walks.

        Polling then costs a stat per indexed file, not per file in node_modules/.
        Symbolic links are left out, as the walk leaves them (no loops, no escapes).
        """
        with os.scandir(path) as entries:
            for entry in entries:
                try:
                    if entry.is_symlink():
                        continue
                    is_dir = entry.is_dir(follow_symlinks=False)
                except OSError:
                    continue
                if self.wanted(Path(entry.path), is_dir):
                    yield entry
