"""What indexing reports while it runs and when it ends."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class IndexProgress:
    """A live view of one root being indexed (mutated in place by the indexer)."""

    root: str
    files_total: int
    files_done: int = 0
    snippets_embedded: int = 0
    current_path: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def files_per_second(self) -> float:
        return self.files_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def eta_seconds(self) -> float | None:
        rate = self.files_per_second
        if rate <= 0:
            return None
        return (self.files_total - self.files_done) / rate


@dataclass
class IndexReport:
    """The outcome of one `index` call."""

    files_seen: int = 0
    files_indexed: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    files_moved: int = 0
    snippets_written: int = 0
    snippets_embedded: int = 0
    snippets_reused: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    missing_roots: list[str] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    def skip(self, path: str, reason: str) -> None:
        self.skipped.append((path, reason))

    def skip_reasons(self) -> Counter[str]:
        """How many files were skipped for each kind of reason (text before '(' or ':')."""
        return Counter(reason.split(" (")[0].split(":")[0] for _, reason in self.skipped)


def format_seconds(seconds: float) -> str:
    """`42s`, `3m07s`, `2h05m`: a duration as progress displays show it."""
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
