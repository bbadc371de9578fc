"""Waiting on real processes and files: poll a condition, fail with what was awaited."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from app.core.engine import Engine, EngineConfig
from app.core.errors import StoreError

T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, timeout: float = 60.0,
             interval: float = 0.1) -> T:
    """The first truthy value of `condition()`, polled every `interval` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"waited {timeout:.0f}s for {what}")
        time.sleep(interval)


def root_indexed(db: Path, folder: Path) -> bool:
    """Whether the index at `db` records a finished index run of `folder`."""
    try:
        roots = Engine(EngineConfig(db_path=db)).status().stats.roots
    except StoreError:
        return False
    return any(r.path == str(folder) and r.indexed_at for r in roots)
