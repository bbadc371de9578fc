"""The log file: rotated, private to the user. Messages for users go elsewhere."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from app.core.paths import data_dir, ensure_private_dir

MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class LogFile(logging.Handler):
    """The rotating log, opened on its first record.

    Most runs of a command log nothing (`kenning search` answered by the app,
    `kenning status`): they neither import `logging.handlers` (socket, pickle,
    queue: milliseconds of a command that should answer in a blink) nor touch
    the file. A log that cannot be opened drops its records.
    """

    def __init__(self, path: Path, level: int = logging.NOTSET) -> None:
        super().__init__(level)
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None:
            from app.core.log_rotation import PrivateRotatingHandler

            try:
                self._file = PrivateRotatingHandler(self.path, maxBytes=MAX_BYTES,
                                                    backupCount=BACKUPS, encoding="utf-8")
            except OSError:
                self._file = logging.NullHandler()
            self._file.setFormatter(logging.Formatter(FORMAT))
        self._file.handle(record)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def log_path() -> Path:
    return data_dir() / "logs" / "kenning.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the `app` loggers to the rotating log file; None if it cannot be written."""
    path = log_path()
    logger = logging.getLogger("app")
    if any(isinstance(h, LogFile) for h in logger.handlers):
        return path
    try:
        ensure_private_dir(path.parent)
    except OSError:
        return None
    if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return None
    logger.addHandler(LogFile(path))
    logger.setLevel(level)
    return path
