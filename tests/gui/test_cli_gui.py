"""`kenning gui [PATH...]` and plain `kenning`: the real app in a real process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_kenning
from tests.polling import root_indexed

STARTUP_TIMEOUT = 240


@pytest.mark.parametrize("how", ["plain kenning", "kenning gui PATH --db"])
def test_the_app_indexes_then_quits_cleanly_on_sigterm(how: str, tmp_path: Path) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "greet.py").write_text("def greet(name):\n    return f'hello {name}'\n")
    config = tmp_path / "config"
    db = tmp_path / "index.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KENNING_CONFIG_DIR": str(config)}
    if how == "plain kenning":
        # No arguments: the window opens, the index comes from $KENNING_DB, and the
        # remembered folder that is not indexed yet gets indexed.
        config.mkdir()
        (config / "settings.json").write_text(json.dumps({"folders": [str(folder)]}))
        env["KENNING_DB"] = str(db)
        args: list[str] = []
    else:
        args = ["gui", str(folder), "--db", str(db)]
    app = subprocess.Popen([sys.executable, "-m", "app", *args], cwd=REPO, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not root_indexed(db, folder):
            assert app.poll() is None, app.communicate()
            assert time.monotonic() < deadline, "the folder was not indexed in time"
            time.sleep(0.5)
        app.send_signal(signal.SIGTERM)
        _out, err = app.communicate(timeout=60)
    finally:
        if app.poll() is None:
            app.kill()
            app.communicate()
    assert app.returncode == 0, err
    assert "Traceback" not in err
    saved = json.loads((config / "settings.json").read_text())
    assert saved["folders"] == [str(folder)]
    assert saved["window_geometry"]  # the clean shutdown path ran


def test_no_display_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["KENNING_CONFIG_DIR"] = str(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "app", "gui"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("kenning: no graphical display")


def test_a_missing_folder_is_refused_before_the_window_opens(tmp_path: Path) -> None:
    run = run_kenning(["gui", tmp_path / "absent"], env={"QT_QPA_PLATFORM": "offscreen"})
    assert run.code == 1
    assert run.err.strip() == f"kenning: {tmp_path / 'absent'} does not exist"


def test_help_lists_the_gui_command() -> None:
    run = run_kenning(["--help"])
    assert run.code == 0 and "gui" in run.out
