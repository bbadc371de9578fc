"""The rotating log file handler; imported on the first record (see logs.py)."""

from __future__ import annotations

import logging
import logging.handlers
import os
from typing import TextIO


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
