"""What a first run shows: what Kenning does, how to start, and the demo folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

import app
from app.gui.icons import app_icon
from app.gui.widgets import plain_label

ICON_SIZE = 96
COLUMN_WIDTH = 640

EXPLANATION = (
    "Kenning finds code by what it does, not by what it is called: type "
    "“retry failed uploads” or “parse the config file” and the right function comes up.\n\n"
    "1.  Add a folder of code (or drop one on this window). It is indexed in the "
    "background, on this computer only: nothing is uploaded.\n\n"
    "2.  Type what you are looking for. Results appear as you type; ↑/↓ to move, "
    "Enter opens the file in your editor at the right line.")


def demo_folder() -> Path | None:
    """The bundled demo project (resources/demo in a source checkout), if present."""
    folder = Path(app.__file__).resolve().parent.parent / "resources" / "demo"
    return folder if folder.is_dir() else None


class EmptyState(QWidget):
    add_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("empty_state")
        icon = plain_label("", self)
        icon.setPixmap(app_icon().pixmap(ICON_SIZE, ICON_SIZE))
        icon.setAlignment(Qt.AlignCenter)
        title = plain_label("Search your code by what it does", self, point_delta=8, bold=True)
        title.setAlignment(Qt.AlignCenter)
        text = plain_label(EXPLANATION, self, wrap=True, point_delta=1)
        self.add_button = QPushButton("Add a folder…", self)
        self.add_button.setObjectName("empty_add")
        self.add_button.setDefault(True)
        self.demo_button = QPushButton("Try the demo folder", self)
        self.demo_button.setObjectName("empty_demo")
        self.demo_button.setVisible(demo_folder() is not None)
        self.add_button.clicked.connect(self.add_requested)
        self.demo_button.clicked.connect(self.demo_requested)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        column = QWidget(self)
        column.setMaximumWidth(COLUMN_WIDTH)
        inner = QVBoxLayout(column)
        inner.addWidget(icon)
        inner.addSpacing(8)
        inner.addWidget(title)
        inner.addSpacing(16)
        inner.addWidget(text)
        inner.addSpacing(24)
        inner.addLayout(buttons)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(column, 8)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addLayout(middle)
        layout.addStretch(3)
