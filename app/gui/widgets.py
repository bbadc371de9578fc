"""Small widgets shared by the panels.

Every label in the window is plain text: file names and file contents are
shown as they are, never interpreted as Qt rich text (a file called
``<img src=x>.py`` must read exactly that).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget


def short_path(path: str | Path) -> str:
    """`path` with the home folder shown as ~ (what people recognise)."""
    path = Path(path)
    try:
        return "~/" + path.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(path)


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """The buttons side by side, left-aligned (a panel's actions under its content)."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def plain_label(text: str = "", parent: QWidget | None = None, *, wrap: bool = False,
                selectable: bool = False, point_delta: int = 0, bold: bool = False) -> QLabel:
    """A QLabel that never interprets its text as rich text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.PlainText)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    if point_delta or bold:
        font = QFont(label.font())
        if point_delta:
            font.setPointSizeF(font.pointSizeF() + point_delta)
        font.setBold(bold)
        label.setFont(font)
    label.setText(text)
    return label


class Banner(QLabel):
    """A one-line message above the results (errors Kenning explains); hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.setObjectName("banner")
        self.setStyleSheet("#banner { background: #fde2e1; color: #7a1712;"
                           " border: 1px solid #f1a7a2; border-radius: 4px; padding: 6px; }")
        self.hide()

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))

    def clear_message(self) -> None:
        self.show_message("")


class ElidedLabel(QLabel):
    """One line of plain text, elided in the middle when too long (a path's end shows).

    `text()` is still the whole text; only the painting is shortened, so a
    long path never widens the layout around it.
    """

    def __init__(self, parent: QWidget | None = None, *, bold: bool = False) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.PlainText)
        self.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Fixed)
        if bold:
            font = QFont(self.font())
            font.setBold(True)
            self.setFont(font)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), Qt.ElideMiddle, self.width())
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.rect(), Qt.AlignLeft | Qt.AlignVCenter, shown)
