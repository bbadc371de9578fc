"""Settings changed in the window hold for `kenning index/search/status` on the same index.

The window and the CLI resolve their configuration in one place
(`EngineConfig.from_options` / `with_settings`): the model picked in Settings,
the ignore patterns and whether the bias applies. Before, the CLI ignored the
settings file: after picking a model in the window, `kenning search` on the
window's index failed with a model mismatch and indexed the ignored files.
"""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.model.provision import file_fingerprint
from app.core.settings import load_settings
from app.gui.settings_dialog import SettingsDialog
from tests.conftest import run_kenning
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import search, wait_until_indexed


def _project(root: Path) -> Path:
    (root / "generated").mkdir(parents=True)
    (root / "retry.py").write_text(
        "def retry_upload(send, attempts=3):\n"
        "    \"\"\"Send again after a failure, up to `attempts` times.\"\"\"\n"
        "    for _ in range(attempts):\n"
        "        if send():\n"
        "            return True\n"
        "    return False\n")
    (root / "generated" / "stubs.py").write_text(
        "def retry_upload_stub(send):\n    return send()\n")
    return root


def test_model_ignores_and_bias_set_in_the_window_hold_for_the_cli(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path, f16_model: Path) -> None:
    db = tmp_path / "index.db"
    project = _project(tmp_path / "project")
    window = make_window(db)

    dialog = window.show_settings()
    assert isinstance(dialog, SettingsDialog)
    dialog.model_path.setText(str(f16_model))
    dialog.ignore_patterns.setPlainText("generated/")
    dialog.use_bias.setChecked(False)
    dialog.accept()
    assert load_settings().model_path == str(f16_model)

    window.index_folders([project])
    wait_until_indexed(qtbot, window, project)
    assert search(qtbot, window, "retry a failed upload").results[0].symbol == "retry_upload"

    status = run_kenning(["status", "--json", "--db", db])
    assert status.code == 0, status.err
    state = json.loads(status.out)
    assert state["model"]["path"] == str(f16_model)
    assert state["model"]["fingerprint"] == file_fingerprint(f16_model)
    assert state["files"] == 1  # generated/ left out by the window's indexing
    assert state["use_bias"] is False

    found = run_kenning(["search", "--json", "--db", db, "retry a failed upload"])
    assert found.code == 0, found.err  # before: "built with model … re-index needed"
    results = json.loads(found.out)["results"]
    assert results[0]["symbol"] == "retry_upload"

    again = run_kenning(["index", "--db", db, project])
    assert again.code == 0, again.err
    assert "indexed 0 files" in again.out and "1 unchanged" in again.out
    assert json.loads(run_kenning(["status", "--json", "--db", db]).out)["files"] == 1
