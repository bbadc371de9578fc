"""Small files replaced whole: settings, the autostart entry, the searched paths."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, text: str, mode: int = 0o600, durable: bool = False) -> None:
    """Write `text` to `path` through a temporary file in the same folder renamed over
    it: a reader sees the old file or the new one, never part of one.

    The file gets `mode` (the temporary file is created 0600, so a private file is
    never readable by others, even for a moment). `durable`: fsync before the
    rename (settings the user wrote by hand). Raises OSError; the temporary file
    does not outlive a failure.
    """
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if mode != 0o600:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
