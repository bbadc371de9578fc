"""Pending changes between the watchdog threads and the indexing thread.

Events only say *where* to look; the disk says what happened. So the queue
holds paths (a set: a file saved fifty times is looked at once) plus the moves
seen, in order, because a move is the one thing the disk cannot tell afterwards
and it is what lets a rename keep its vectors.

A batch is due once everything has been quiet for `quiet` seconds (a burst,
such as a `git checkout` of thousands of files, ends up as one batch), or
once the oldest change has waited `max_delay` seconds (a file rewritten every
100 ms cannot hold back the others forever). A few files changed after a calm
(someone saving) are taken on their own, before older bulk work still queued
(the rest of a long checkout), and so can interrupt the bulk work in hand.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# At most this many paths, none of them a folder, is someone editing: it goes
# before bulk work and is never interrupted.
URGENT_PATHS = 32


@dataclass
class _Entry:
    first: float
    last: float
    is_dir: bool


@dataclass
class Batch:
    """Paths to bring up to date (most recently changed first) and the moves seen."""

    paths: list[Path]
    moves: list[tuple[Path, Path]] = field(default_factory=list)
    folders: set[Path] = field(default_factory=set)

    @property
    def urgent(self) -> bool:
        return len(self.paths) <= URGENT_PATHS and not self.folders

    def merge(self, paths: Iterable[Path], folders: Iterable[Path]) -> Batch:
        """This batch followed by `paths` (bulk work waiting for its turn)."""
        known = set(self.paths)
        return Batch([*self.paths, *(p for p in paths if p not in known)], self.moves,
                     self.folders | set(folders))


class ChangeQueue:
    """Thread-safe: any thread adds, one worker takes."""

    def __init__(self, quiet: float, max_delay: float) -> None:
        self.quiet = quiet
        self.max_delay = max_delay
        self._cond = threading.Condition()
        self._entries: dict[Path, _Entry] = {}
        self._moves: list[tuple[Path, Path]] = []
        self._last_event = 0.0
        self._closed = False

    def __len__(self) -> int:
        with self._cond:
            return len(self._entries)

    def add(self, path: Path, *, is_dir: bool = False) -> None:
        with self._cond:
            self._add(path, is_dir, time.monotonic())

    def add_move(self, old: Path, new: Path, *, is_dir: bool = False) -> None:
        with self._cond:
            now = time.monotonic()
            self._moves.append((old, new))
            self._add(old, is_dir, now)
            self._add(new, is_dir, now)

    def _add(self, path: Path, is_dir: bool, now: float) -> None:
        entry = self._entries.get(path)
        if entry is None:
            self._entries[path] = _Entry(now, now, is_dir)
        else:
            entry.last = now
            entry.is_dir = entry.is_dir or is_dir
        self._last_event = now
        self._cond.notify_all()

    def close(self) -> None:
        """Wake `take` for good: the service is stopping."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def has_urgent(self) -> bool:
        """Whether the batch due now is an edit (what bulk work gives way to)."""
        with self._cond:
            now = time.monotonic()
            due = self._due()
            return due is not None and now >= due and self._batch(self._settled(now)).urgent

    def take(self, timeout: float | None = None) -> Batch | None:
        """The next due batch; None after `timeout` seconds or once closed."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._closed:
                now = time.monotonic()
                due = self._due()
                if due is not None and now >= due:
                    return self._drain(now)
                if deadline is not None and now >= deadline:
                    return None
                wake = min((t for t in (due, deadline) if t is not None), default=None)
                self._cond.wait(None if wake is None else wake - now)
            return None

    def _due(self) -> float | None:
        if not self._entries:
            return None
        oldest = min(entry.first for entry in self._entries.values())
        return min(self._last_event + self.quiet, oldest + self.max_delay)

    def _edit(self, now: float) -> list[Path] | None:
        """The latest changes if they look like an edit: settled, a few files, after a calm.

        A calm is `quiet` seconds in which nothing queued changed; the latest
        changes are those made since the last calm.
        """
        if now - self._last_event < self.quiet:
            return None  # the latest changes are not settled yet
        entries = sorted(self._entries.items(), key=lambda item: item[1].first)
        start, latest = 0, float("-inf")
        for i, (_, entry) in enumerate(entries):
            if entry.first - latest >= self.quiet:
                start = i
            latest = max(latest, entry.last)
        edit = entries[start:]
        if len(edit) > URGENT_PATHS or any(entry.is_dir for _, entry in edit):
            return None
        return [path for path, _ in edit]

    def _settled(self, now: float) -> list[Path]:
        """The paths a batch due now takes."""
        edit = self._edit(now)
        if edit is not None:
            taken = edit
        elif now - self._last_event >= self.quiet:
            taken = list(self._entries)
        else:  # still busy: take what has settled, or failing that what waited longest
            taken = ([p for p, e in self._entries.items() if now - e.last >= self.quiet]
                     or [p for p, e in self._entries.items() if now - e.first >= self.max_delay])
        moved = {p for move in self._moves for p in move}  # a move goes whole
        return list(dict.fromkeys([*taken, *(p for p in moved if p in self._entries)]))

    def _batch(self, paths: list[Path]) -> Batch:
        """`paths` as a batch, most recently changed first (nothing is taken out)."""
        ordered = sorted(paths, key=lambda p: self._entries[p].last, reverse=True)
        return Batch(ordered, list(self._moves), {p for p in paths if self._entries[p].is_dir})

    def _drain(self, now: float) -> Batch:
        batch = self._batch(self._settled(now))
        for path in batch.paths:
            del self._entries[path]
        self._moves = []
        return batch
