"""app.core.settings: defaults, a JSON round trip, private atomic writes, bad files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from app.core.errors import KenningError
from app.core.settings import (
    CONFIG_ENV,
    Settings,
    config_dir,
    load_settings,
    save_settings,
    settings_path,
)


def test_defaults_without_a_file(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "none.json")
    assert settings == Settings()
    assert settings.hotkey == "Ctrl+Alt+Space" and settings.theme == "system"
    assert settings.use_bias and settings.editor_command == "" and settings.folders == []


def test_config_dir_follows_the_environment(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "elsewhere"))
    assert config_dir() == tmp_path / "elsewhere"
    assert settings_path() == tmp_path / "elsewhere" / "settings.json"


def test_round_trip_private_and_atomic(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    settings = Settings(folders=["/src/a"], model_path="/m.gguf", use_bias=False,
                        editor_command="vim +{line} {path}", ignore_patterns=["*.lock"],
                        hotkey="Meta+K", theme="dark", tray_icon=False, close_to_tray=False,
                        search_mode="lexical", max_results=20)
    save_settings(settings, path)
    assert load_settings(path) == settings
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temp left
    settings.theme = "light"
    save_settings(settings, path)
    assert json.loads(path.read_text())["theme"] == "light"


def test_wrong_types_and_unknown_keys_fall_back_per_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"use_bias": "yes", "folders": ["/ok", 3], "theme": "neon",
                                "max_results": 10_000, "hotkey": "Ctrl+J",
                                "search_mode": "fuzzy", "from_the_future": 1}))
    settings = load_settings(path)
    assert settings.use_bias is True and settings.folders == []
    assert settings.theme == "system" and settings.search_mode == "hybrid"
    assert settings.max_results == 500 and settings.hotkey == "Ctrl+J"


def test_a_broken_file_is_set_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    assert load_settings(path) == Settings()
    assert not path.exists()
    assert (tmp_path / "settings.json.bad").read_text() == "{ not json"


def test_an_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(KenningError, match="cannot save settings"):
        save_settings(Settings(), blocker / "settings.json")


def test_folders_are_remembered_once(tmp_path: Path) -> None:
    settings = Settings()
    assert settings.add_folder(tmp_path) and not settings.add_folder(tmp_path)
    settings.remove_folder(tmp_path)
    assert settings.folders == []
    assert Settings(ignore_patterns=["a/", "*.b"]).ignore_options().extra_patterns == ("a/", "*.b")
