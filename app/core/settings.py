"""The user's settings, persisted as one JSON file (shared by the window and the CLI).

Qt-free on purpose: the CLI reads the same file and must not import Qt. The
file lives in the platform config dir (`platformdirs.user_config_dir`), or in
`$KENNING_CONFIG_DIR`; it is private to the user (0600) and replaced
atomically, so a crash while saving never leaves half a file behind.

Reading is forgiving: a missing file gives the defaults, a field of the wrong
type falls back to its default, unknown keys are ignored (a newer Kenning may
have written them), and a file that is not JSON at all is set aside as
`settings.json.bad` rather than silently overwritten by the next save.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from app.core.atomic_write import write_atomically
from app.core.errors import KenningError
from app.core.paths import APP_NAME, ensure_private_dir
from app.core.search.request import Mode

if TYPE_CHECKING:
    from app.core.files.rules import IgnoreOptions

CONFIG_ENV = "KENNING_CONFIG_DIR"
FILE_NAME = "settings.json"

log = logging.getLogger(__name__)


class Theme(StrEnum):
    SYSTEM = "system"
    LIGHT = "light"
    DARK = "dark"


@dataclass
class Settings:
    """Everything the user can set. Empty strings mean "the automatic default"."""

    folders: list[str] = field(default_factory=list)
    model_path: str = ""        # "" → --model, $KENNING_MODEL, else the bundled model
    use_bias: bool = True
    editor_command: str = ""    # "" → from $VISUAL/$EDITOR, else the system opener
    ignore_patterns: list[str] = field(default_factory=list)
    hotkey: str = "Ctrl+Alt+Space"
    theme: str = Theme.SYSTEM.value
    tray_icon: bool = True
    close_to_tray: bool = True
    search_mode: str = Mode.HYBRID.value
    max_results: int = 50
    window_geometry: str = ""   # base64 of QMainWindow.saveGeometry()

    def ignore_options(self) -> IgnoreOptions:
        # Imported here: `kenning quick` reads config_dir() and must not pay for pathspec.
        from app.core.files.rules import IgnoreOptions

        return IgnoreOptions(extra_patterns=tuple(self.ignore_patterns))

    def add_folder(self, folder: Path) -> bool:
        """Remember `folder` (absolute); False if it was already there."""
        text = str(folder)
        if text in self.folders:
            return False
        self.folders.append(text)
        return True

    def remove_folder(self, folder: Path) -> None:
        self.folders = [f for f in self.folders if f != str(folder)]


def config_dir() -> Path:
    override = os.environ.get(CONFIG_ENV)
    return Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME))


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("settings file %s unreadable (%s): using defaults", path, exc)
        with contextlib.suppress(OSError):
            path.replace(path.with_name(path.name + ".bad"))
        return Settings()
    return _from_json(raw if isinstance(raw, dict) else {})


def _from_json(raw: dict[str, object]) -> Settings:
    defaults = Settings()
    values: dict[str, object] = {}
    for spec in fields(Settings):
        default = getattr(defaults, spec.name)
        value = raw.get(spec.name, default)
        if isinstance(default, list):
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        else:  # bool is an int subclass: compare exact types
            ok = type(value) is type(default)
        values[spec.name] = value if ok else default
    settings = Settings(**values)  # type: ignore[arg-type]
    if settings.theme not in set(Theme):
        settings.theme = Theme.SYSTEM.value
    if settings.search_mode not in set(Mode):
        settings.search_mode = Mode.HYBRID.value
    settings.max_results = min(max(settings.max_results, 1), 500)
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write `settings` atomically (temp file in the same folder, then rename)."""
    path = path or settings_path()
    text = json.dumps(asdict(settings), indent=2, ensure_ascii=False) + "\n"
    try:
        ensure_private_dir(path.parent)
        write_atomically(path, text, durable=True)
    except OSError as exc:
        raise KenningError(f"cannot save settings to {path}: {exc.strerror or exc}") from exc
    return path
