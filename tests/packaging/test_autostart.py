"""Start on login: the XDG autostart entry the settings dialog writes, and the
`kenning gui --minimized` it runs."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core import autostart
from app.core.errors import KenningError
from app.core.instance import answers, server_address
from app.core.settings import Settings
from app.gui.settings_dialog import SettingsDialog
from tests.conftest import REPO


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def exec_argv(entry: Path) -> list[str]:
    line = next(x for x in entry.read_text().splitlines() if x.startswith("Exec="))
    return shlex.split(line.removeprefix("Exec="))


def test_entry_is_written_where_xdg_says_and_removed(config_home: Path) -> None:
    assert not autostart.is_enabled()
    autostart.set_enabled(True)
    entry = config_home / "autostart" / "kenning.desktop"
    assert autostart.is_enabled() and entry.is_file()
    argv = exec_argv(entry)
    assert argv[-2:] == ["gui", "--minimized"]
    assert Path(argv[0]).is_absolute()
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                               text=True)
        assert check.returncode == 0, check.stdout + check.stderr
    autostart.set_enabled(True)  # again: replaced, not duplicated
    assert [p.name for p in entry.parent.iterdir()] == ["kenning.desktop"]
    autostart.set_enabled(False)
    assert not entry.exists() and not autostart.is_enabled()
    autostart.set_enabled(False)  # removing what is not there is fine


def test_without_xdg_config_home_it_goes_under_home(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert autostart.entry_path() == tmp_path / ".config" / "autostart" / "kenning.desktop"


def test_paths_with_spaces_are_quoted_for_the_desktop() -> None:
    text = autostart.entry_text(["/opt/my apps/kenning"])
    assert 'Exec="/opt/my apps/kenning" gui --minimized' in text


def test_an_unwritable_place_is_one_clear_error(config_home: Path) -> None:
    config_home.mkdir()
    (config_home / "autostart").write_text("a file where the folder should be")
    with pytest.raises(KenningError, match="cannot write the autostart entry"):
        autostart.set_enabled(True)


def test_the_settings_checkbox_writes_and_removes_the_entry(
        qtbot: QtBot, config_home: Path) -> None:
    entry = config_home / "autostart" / "kenning.desktop"

    def dialog() -> SettingsDialog:
        opened = SettingsDialog(Settings(), tray_available=False)
        qtbot.addWidget(opened)
        return opened

    first = dialog()
    assert first.autostart.isEnabled() and not first.autostart.isChecked()
    first.autostart.setChecked(True)
    first.reject()  # Cancel changes nothing
    assert not entry.exists()

    second = dialog()
    second.autostart.setChecked(True)
    second.accept()
    assert entry.is_file()
    assert exec_argv(entry)[-2:] == ["gui", "--minimized"]

    third = dialog()
    assert third.autostart.isChecked()  # the dialog shows the entry that is there
    third.autostart.setChecked(False)
    third.accept()
    assert not entry.exists()


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A folder with a short path: the app's socket lives there (~100 bytes at most)."""
    folder = Path(tempfile.mkdtemp(prefix="ka-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_gui_minimized_starts_once_and_quits(
        short_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the entry runs: the app comes up (in the tray; minimised where there is none,
    as here), a second start on login leaves it as it is, `--quit` ends it."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(short_dir))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_RUNTIME_DIR": str(short_dir),
           "KENNING_CONFIG_DIR": str(short_dir / "config"),
           "KENNING_DATA_DIR": str(short_dir / "data"), "KENNING_DB": str(short_dir / "i.db")}
    address = server_address(short_dir / "config", short_dir / "i.db")
    kenning = [sys.executable, "-m", "app"]
    app = subprocess.Popen([*kenning, "gui", "--minimized"], env=env, cwd=REPO,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not answers(address):
            assert app.poll() is None, app.communicate()
            assert time.monotonic() < deadline, "the app did not come up within 60 s"
            time.sleep(0.1)
        again = subprocess.run([*kenning, "gui", "--minimized"], env=env, cwd=REPO,
                               capture_output=True, text=True, timeout=60)
        assert again.returncode == 0, again.stderr
        assert app.poll() is None
        bad = subprocess.run([*kenning, "gui", "--minimized", str(short_dir)], env=env,
                             cwd=REPO, capture_output=True, text=True, timeout=60)
        assert bad.returncode == 1 and bad.stderr.count("\n") == 1
        assert "--minimized takes no PATH" in bad.stderr
        quit_ = subprocess.run([*kenning, "--quit"], env=env, cwd=REPO, capture_output=True,
                               text=True, timeout=60)
        assert quit_.returncode == 0, quit_.stderr
        assert app.wait(timeout=60) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
