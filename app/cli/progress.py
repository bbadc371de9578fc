"""Indexing progress: a one-line bar on a terminal (stderr), or JSON lines (`--json`)."""

from __future__ import annotations

import json
import shutil
import time
from typing import TextIO

from app.core.indexing.progress import IndexProgress, format_seconds

REFRESH_SECONDS = 0.1


class ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0
        self._shown = False
        self._embedding = False

    def update(self, progress: IndexProgress) -> None:
        now = time.monotonic()
        fraction = progress.fraction
        done = fraction >= 1.0
        new_phase = progress.embedding != self._embedding
        if now - self._last < REFRESH_SECONDS and not done and not new_phase:
            return
        self._last, self._embedding = now, progress.embedding
        width = shutil.get_terminal_size((80, 20)).columns
        eta = progress.eta_seconds
        if progress.embedding:
            on = f" on {progress.workers} Ray workers" if progress.workers else ""
            head = (f"embedding {progress.snippets_embedded}/{progress.embed_total} snippets"
                    f"{on} (searchable by keyword meanwhile)")
            where = ""
        else:
            head = f"{progress.files_done}/{progress.files_total} files"
            where = progress.current_path
        if eta is not None and not done:
            head += f" ETA {format_seconds(eta)}"
        bar_width = max(10, min(30, width - len(head) - 20))
        filled = int(bar_width * fraction)
        line = f"[{'#' * filled}{'.' * (bar_width - filled)}] {head} {where}"
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            width = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (width - 1) + "\r")
            self.stream.flush()


class JsonProgress:
    """`{"event": "progress", ...}` lines, at most one per REPORT_SECONDS (and each phase's end)."""

    REPORT_SECONDS = 0.25

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self._last = 0.0

    def update(self, progress: IndexProgress) -> None:
        now = time.monotonic()
        if now - self._last < self.REPORT_SECONDS and progress.fraction < 1.0:
            return
        self._last = now
        self.stream.write(json.dumps({"event": "progress", **progress.to_json()}) + "\n")
        self.stream.flush()

    def close(self) -> None:
        self.stream.flush()
