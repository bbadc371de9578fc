"""What the desktop sees: the .desktop file, the icon, the settings page's hotkey section."""

from __future__ import annotations

import configparser
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.core.settings import Settings
from app.gui.hotkeys import GlobalHotkey
from app.gui.hotkeys.base import HotkeyStatus, quick_command
from app.gui.icons import app_icon
from app.gui.settings_dialog import SettingsDialog
from tests.conftest import REPO
from tests.gui.helpers import rich_text_labels, screenshot
from tests.hotkey.conftest import QuickSetup

DESKTOP_FILE = REPO / "resources" / "kenning.desktop"
ICONS = REPO / "resources" / "icons"


def test_the_desktop_file_is_valid_and_has_a_quick_action() -> None:
    validate = shutil.which("desktop-file-validate")
    if validate is None:
        pytest.skip("desktop-file-validate is not installed (.ci/run installs desktop-file-utils)")
    proc = subprocess.run([validate, str(DESKTOP_FILE)], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 0 and proc.stdout + proc.stderr == "", proc.stdout + proc.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    entry.read(DESKTOP_FILE)
    assert entry["Desktop Entry"]["Exec"].split()[0] == "kenning"
    assert entry["Desktop Entry"]["Actions"] == "quick;"
    assert entry["Desktop Action quick"]["Exec"] == "kenning quick"
    assert entry["Desktop Entry"]["Icon"] == "kenning"


def _render(draw: object, size: int) -> QImage:
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    draw(painter)  # type: ignore[operator]
    painter.end()
    return image


def test_the_shipped_icons_are_the_apps_icon(qapp: QApplication) -> None:
    svg = QSvgRenderer(str(ICONS / "kenning.svg"))
    assert svg.isValid()
    png = QImage(str(ICONS / "kenning.png"))
    assert (png.width(), png.height()) == (256, 256)
    size = 64
    drawn = app_icon().pixmap(size, size).toImage().convertToFormat(QImage.Format_ARGB32)
    for image in (_render(svg.render, size),
                  png.scaled(size, size, Qt.IgnoreAspectRatio, Qt.SmoothTransformation)):
        assert _differing(image.convertToFormat(QImage.Format_ARGB32), drawn) < 0.02


def _differing(a: QImage, b: QImage) -> float:
    """The share of pixels that differ by more than anti-aliasing would explain."""
    def far(x: int, y: int) -> bool:
        p, q = a.pixelColor(x, y), b.pixelColor(x, y)
        return max(abs(p.red() - q.red()), abs(p.green() - q.green()),
                   abs(p.blue() - q.blue()), abs(p.alpha() - q.alpha())) > 64
    return sum(far(x, y) for x in range(a.width()) for y in range(a.height())) / (
        a.width() * a.height())


def test_the_settings_page_says_which_hotkey_backend_is_active(
        qtbot: QtBot, quick: QuickSetup) -> None:
    window = quick.window
    hotkey = GlobalHotkey()  # offscreen: no desktop-wide hotkey here
    window.hotkey_status = hotkey.bind(window.settings.hotkey)
    hotkey.close()
    dialog = window.show_settings()
    assert dialog.hotkey_status.text() == \
        "none: the 'offscreen' display has no desktop-wide hotkeys"
    assert dialog.quick_command.text() == quick_command()
    assert dialog.quick_command.isReadOnly()
    assert rich_text_labels(dialog) == []
    dialog.findChild(QPushButton, "copy_quick_command").click()
    assert QGuiApplication.clipboard().text() == quick_command()
    dialog.reject()


def test_the_settings_page_with_a_working_grab(qtbot: QtBot, qapp: QApplication) -> None:
    status = HotkeyStatus("X11 key grab (XGrabKey)", True,
                          "Ctrl+Alt+Space opens quick search in every program")
    dialog = SettingsDialog(Settings(), False, None, status)
    qtbot.addWidget(dialog)
    assert dialog.hotkey_status.text() == \
        "X11 key grab (XGrabKey): Ctrl+Alt+Space opens quick search in every program"
    screenshot(dialog, "settings-hotkey")
