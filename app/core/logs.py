"""The log file: rotated, private to the user. Messages for users go elsewhere."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import TextIO

from app.core.paths import data_dir, ensure_private_dir

MAX_BYTES = 1_000_000
BACKUPS = 3


class PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file, the ones started at rollover too, is 0600.

    A log that cannot be written (disk full, folder gone) must not break the
    app or print tracebacks on the user's terminal: the record is dropped.
    """

    def _open(self) -> TextIO:
        fd = os.open(self.baseFilename, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # a log left by an older Kenning, created 0644
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)

    def handleError(self, record: logging.LogRecord) -> None:
        return


def log_path() -> Path:
    return data_dir() / "logs" / "kenning.log"


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Send the `app` loggers to the rotating log file; None if it cannot be opened."""
    path = log_path()
    logger = logging.getLogger("app")
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        return path
    try:
        ensure_private_dir(path.parent)
        handler = PrivateRotatingHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                         encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return path
