"""The application icon, drawn in code (no image files to ship or lose)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

SIZES = (16, 24, 32, 48, 64, 128, 256)


def _pixmap(size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    s = size / 64
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor("#2f65ca"))
    painter.drawRoundedRect(QRectF(2 * s, 2 * s, 60 * s, 60 * s), 14 * s, 14 * s)
    pen = QPen(QColor("white"), 6 * s, Qt.SolidLine, Qt.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.NoBrush)
    painter.drawEllipse(QPointF(27 * s, 27 * s), 13 * s, 13 * s)
    painter.drawLine(QPointF(37 * s, 37 * s), QPointF(50 * s, 50 * s))
    painter.end()
    return pixmap


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addPixmap(_pixmap(size))
    return icon
