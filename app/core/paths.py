"""Where Kenning keeps its files: one place, shared by the CLI and the GUI."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "kenning"
DB_ENV = "KENNING_DB"
DATA_ENV = "KENNING_DATA_DIR"


def data_dir() -> Path:
    """The per-user data directory (index, models); `$KENNING_DATA_DIR` overrides it."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def models_dir() -> Path:
    return data_dir() / "models"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db` if given, else `$KENNING_DB`, else the platform data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "index.db"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable only by the user."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
