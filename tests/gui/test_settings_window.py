"""The settings dialog: change settings, see them applied and kept across a restart."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from app.core.settings import load_settings, settings_path
from app.gui.theme import is_dark
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import SEARCH_TIMEOUT_MS, rich_text_labels, screenshot, search


def test_settings_persist_across_a_restart(qtbot: QtBot, make_window: MakeWindow,
                                           demo_db: Path) -> None:
    window = make_window(demo_db)
    search(qtbot, window, "parse the config file")
    dialog = window.show_settings()
    assert dialog.isVisible() and rich_text_labels(dialog) == []
    dialog.editor_command.setText("code -g {path}:{line}")
    dialog.ignore_patterns.setPlainText("fixtures/\n*.generated.ts\n")
    dialog.use_bias.setChecked(False)
    dialog.hotkey.setKeySequence(QKeySequence("Ctrl+Shift+K"))
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.max_results.setValue(5)
    screenshot(dialog, "settings")
    with qtbot.waitSignal(window.searches.results, timeout=SEARCH_TIMEOUT_MS) as got:
        dialog.buttons.button(QDialogButtonBox.Ok).click()

    # Applied at once: theme, bias, result count.
    assert is_dark()
    qtbot.waitUntil(lambda: window.preview.code.style_name == "github-dark")
    assert not window.search_bar.bias.isChecked()
    assert len(got.args[0].results) <= 5 and got.args[0].request.use_bias is False
    screenshot(window, "results-dark")

    # Saved privately, as JSON.
    path = settings_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved["editor_command"] == "code -g {path}:{line}"
    assert saved["ignore_patterns"] == ["fixtures/", "*.generated.ts"]

    # "Restart": close the window, open a new one from what is on disk.
    window.close()
    assert not window.isVisible()
    again = make_window(demo_db, load_settings())
    assert not again.search_bar.bias.isChecked()
    assert again.search_bar.mode.currentData() == "hybrid"
    reopened = again.show_settings()
    assert reopened.editor_command.text() == "code -g {path}:{line}"
    assert reopened.ignore_patterns.toPlainText() == "fixtures/\n*.generated.ts"
    assert reopened.hotkey.keySequence().toString() == "Ctrl+Shift+K"
    assert reopened.theme.currentData() == "dark"
    assert reopened.max_results.value() == 5
    assert not reopened.use_bias.isChecked()
    reopened.reject()


def test_cancel_changes_nothing(qtbot: QtBot, make_window: MakeWindow, demo_db: Path) -> None:
    window = make_window(demo_db)
    dialog = window.show_settings()
    dialog.editor_command.setText("vim +{line} {path}")
    dialog.buttons.button(QDialogButtonBox.Cancel).click()
    assert window.settings.editor_command == ""
    assert load_settings().editor_command == ""
