"""A one-line progress bar for indexing on a terminal (stderr)."""

from __future__ import annotations

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

    def update(self, progress: IndexProgress) -> None:
        now = time.monotonic()
        done = progress.files_done >= progress.files_total
        if now - self._last < REFRESH_SECONDS and not done:
            return
        self._last = now
        width = shutil.get_terminal_size((80, 20)).columns
        total = max(progress.files_total, 1)
        fraction = min(progress.files_done / total, 1.0)
        eta = progress.eta_seconds
        head = (f"{progress.files_done}/{progress.files_total} files "
                f"{progress.snippets_embedded} snippets "
                f"{'ETA ' + format_seconds(eta) if eta is not None and not done else ''}")
        bar_width = max(10, min(30, width - len(head) - 20))
        filled = int(bar_width * fraction)
        line = f"[{'#' * filled}{'.' * (bar_width - filled)}] {head} {progress.current_path}"
        self.stream.write("\r" + line[: width - 1].ljust(width - 1))
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            width = shutil.get_terminal_size((80, 20)).columns
            self.stream.write("\r" + " " * (width - 1) + "\r")
            self.stream.flush()
