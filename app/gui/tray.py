"""The tray icon, where the desktop has one: the window's own actions in its menu."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable()


def create_tray(icon: QIcon, actions: Sequence[QAction | None], toggle: QAction,
                parent: QWidget) -> QSystemTrayIcon | None:
    """A tray icon whose menu holds `actions` (None = separator); None without a tray.

    Clicking the icon triggers `toggle` (show/hide the window), as in most trays.
    """
    if not tray_available():
        return None
    menu = QMenu(parent)
    for action in actions:
        if action is None:
            menu.addSeparator()
        else:
            menu.addAction(action)
    tray = QSystemTrayIcon(icon, parent)
    tray.setToolTip("Kenning")
    tray.setContextMenu(menu)
    tray.activated.connect(
        lambda reason: toggle.trigger() if reason == QSystemTrayIcon.Trigger else None)
    tray.show()
    return tray
