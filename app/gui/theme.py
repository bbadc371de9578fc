"""Light, dark, or whatever the desktop uses (the default).

"system" leaves the platform palette alone, so Qt follows the desktop's colour
scheme (and its changes). An explicit choice uses the Fusion style with a
fixed palette, which looks the same everywhere.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from app.core.settings import Theme

_DARK = {
    QPalette.Window: "#2b2d30", QPalette.WindowText: "#dfe1e5", QPalette.Base: "#1e1f22",
    QPalette.AlternateBase: "#26282b", QPalette.ToolTipBase: "#3c3f41",
    QPalette.ToolTipText: "#dfe1e5", QPalette.PlaceholderText: "#8c8f94",
    QPalette.Text: "#dfe1e5", QPalette.Button: "#393b40", QPalette.ButtonText: "#dfe1e5",
    QPalette.BrightText: "#ff6b68", QPalette.Highlight: "#2f65ca",
    QPalette.HighlightedText: "#ffffff", QPalette.Link: "#589df6", QPalette.Mid: "#4e5157",
    QPalette.Dark: "#1b1c1f", QPalette.Light: "#4a4d52", QPalette.Shadow: "#111213",
}


class ThemeManager:
    """Remembers the platform's own look so "system" can go back to it.

    "system" touches nothing unless an explicit theme was applied before:
    setting even the platform's own palette would pin it, and Qt would stop
    following the desktop's dark/light switches until the next start.
    """

    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._platform_style = app.style().name()
        self._platform_palette = QPalette(app.palette())
        self._overridden = False

    def apply(self, theme: str) -> None:
        if theme == Theme.SYSTEM:
            if self._overridden:
                self._app.setStyle(QStyleFactory.create(self._platform_style))
                self._app.setPalette(self._platform_palette)
                self._overridden = False
            return
        self._overridden = True
        self._app.setStyle(QStyleFactory.create("Fusion"))
        palette = self._app.style().standardPalette()
        if theme == Theme.DARK:
            for role, color in _DARK.items():
                palette.setColor(role, QColor(color))
            palette.setColor(QPalette.Disabled, QPalette.Text, QColor("#6f737a"))
            palette.setColor(QPalette.Disabled, QPalette.ButtonText, QColor("#6f737a"))
            palette.setColor(QPalette.Disabled, QPalette.WindowText, QColor("#6f737a"))
        self._app.setPalette(palette)


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.Base).lightness() < 128
