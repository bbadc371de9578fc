"""Where Kenning keeps its files: one place, shared by the CLI and the GUI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from app.core.errors import KenningError

MODEL_ENV = "KENNING_MODEL"  # the model file, when no --model says

APP_NAME = "kenning"
DB_ENV = "KENNING_DB"
DATA_ENV = "KENNING_DATA_DIR"
CACHE_ENV = "KENNING_CACHE_DIR"


def data_dir() -> Path:
    """The per-user data directory (index, models); `$KENNING_DATA_DIR` overrides it."""
    override = os.environ.get(DATA_ENV)
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def cache_dir() -> Path:
    """Re-creatable files (downloads, embedding caches); `$KENNING_CACHE_DIR` overrides it."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(platformdirs.user_cache_dir(APP_NAME))


def models_dir() -> Path:
    return data_dir() / "models"


def shipped_models_dirs() -> tuple[Path, Path]:
    """Where the files trained for Kenning (bias matrices, the learned order) are: the
    checkout's `models/`, and `<prefix>/share/kenning/models` when installed."""
    return (Path(__file__).resolve().parents[2] / "models",
            Path(sys.prefix) / "share" / "kenning" / "models")


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """`--db` if given, else `$KENNING_DB`, else the platform data dir."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / "index.db"


def ensure_private_dir(path: Path) -> Path:
    """Create `path` and its missing parents readable only by the user (0700).

    `mkdir(parents=True)` would give the parents the umask's mode (often 0755),
    leaving e.g. ~/.local/share/kenning listable by everyone. Folders that
    exist already are left as they are.
    """
    missing = [p for p in (path, *path.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
    return path


def folder_path(raw: str | os.PathLike[str]) -> Path:
    """A folder the user named, absolute; a symbolic link to a folder (`~/code ->
    /data/code`) is its target, so that the index and the watches see one tree."""
    folder = Path(raw).expanduser().absolute()
    return Path(os.path.realpath(folder)) if os.path.islink(folder) else folder


def existing_folder(raw: str | os.PathLike[str]) -> Path:
    """`folder_path(raw)`, or a KenningError saying why it cannot be indexed."""
    folder = folder_path(raw)
    if not os.path.isdir(folder):
        what = "does not exist" if not os.path.lexists(folder) else "is not a folder"
        raise KenningError(f"{folder} {what}")
    return folder


def has_entries(folder: Path) -> bool:
    """Whether `folder` holds anything at all, ignored files included (False when it
    cannot be read)."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is not None
    except OSError:
        return False


def absence(root: Path) -> str | None:
    """Why an indexed folder cannot be indexed now, or None: "missing", or "empty" (what
    an unmounted drive's mount point looks like; its index is kept)."""
    if not root.is_dir():
        return "missing"
    return None if has_entries(root) else "empty"
