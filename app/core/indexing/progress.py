"""What indexing reports while it runs and when it ends."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class IndexProgress:
    """A live view of an indexing run (mutated in place by the indexer).

    Two phases: every changed file is read, cut into snippets and written
    (searchable by keyword from then on), then the snippets still without a
    vector are embedded (`embed_total` is set when that phase starts).
    """

    root: str
    files_total: int
    files_done: int = 0
    snippets_embedded: int = 0
    current_path: str = ""
    started: float = field(default_factory=time.monotonic)
    embed_total: int = 0               # snippets waiting for a vector in the second phase
    embed_started: float | None = None
    workers: int = 0                   # Ray workers embedding (`kenning index --ray`), else 0

    @property
    def embedding(self) -> bool:
        """Whether the run is in its second phase (every file is searchable by keyword)."""
        return self.embed_started is not None

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    @property
    def files_per_second(self) -> float:
        return self.files_done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def fraction(self) -> float:
        """How far the current phase is, 0 to 1."""
        if self.embedding:
            return min(self.snippets_embedded / self.embed_total, 1.0) if self.embed_total else 1.0
        return min(self.files_done / self.files_total, 1.0) if self.files_total else 0.0

    @property
    def eta_seconds(self) -> float | None:
        """Time left in the current phase at its rate so far."""
        if self.embed_started is not None:
            spent = time.monotonic() - self.embed_started
            rate = self.snippets_embedded / spent if spent > 0 else 0.0
            left = self.embed_total - self.snippets_embedded
        else:
            rate, left = self.files_per_second, self.files_total - self.files_done
        return left / rate if rate > 0 else None

    def to_json(self) -> dict[str, object]:
        """The fields of a `{"event": "progress"}` line (`kenning index --json`)."""
        return {"root": self.root, "files_done": self.files_done,
                "files_total": self.files_total, "snippets": self.snippets_embedded,
                "embed_total": self.embed_total, "workers": self.workers,
                "eta": self.eta_seconds}

    def start_embedding(self, total: int) -> None:
        self.embed_total, self.snippets_embedded = total, 0
        self.embed_started = time.monotonic()


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
    # Roots that exist but hold nothing at all while their index holds files: what an
    # unmounted drive's mount point looks like. Their index is kept.
    empty_roots: list[str] = field(default_factory=list)
    cancelled: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        """The fields of a `{"event": "done"}` line (the window's indexing child, `--json`)."""
        return {"cancelled": self.cancelled, "files_indexed": self.files_indexed,
                "files_unchanged": self.files_unchanged, "files_removed": self.files_removed,
                "snippets_embedded": self.snippets_embedded, "skipped": len(self.skipped),
                "missing_roots": self.missing_roots, "empty_roots": self.empty_roots,
                "seconds": round(self.seconds, 2)}

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
