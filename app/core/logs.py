"""The log file: rotated, private to the user. Messages for users go elsewhere."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

from app.core.paths import data_dir, ensure_private_dir

MAX_BYTES = 1_000_000
BACKUPS = 3


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
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES,
                                                       backupCount=BACKUPS, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(level)
    return path
