"""Line charts as PNG, drawn with Qt's QPainter on a QImage (offscreen).

Qt is already Kenning's GUI toolkit, so the plot costs no new dependency
(matplotlib would add ~40 MB for two charts). Only the bench imports this.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

WIDTH, HEIGHT = 1200, 520
MARGIN = (80, 50, 30, 70)  # left, top, right, bottom of each panel
COLORS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e")


@dataclass
class Series:
    name: str
    points: list[tuple[float, float]]
    dashed: bool = False


@dataclass
class Panel:
    title: str
    x_label: str
    y_label: str
    series: list[Series] = field(default_factory=list)


def _ticks(low: float, high: float) -> list[float]:
    """Powers of ten (and 2x, 5x when few) between low and high, for a log axis."""
    ticks = []
    for exponent in range(math.floor(math.log10(low)), math.ceil(math.log10(high)) + 1):
        for mantissa in (1, 2, 5):
            value = mantissa * 10.0 ** exponent
            if low <= value <= high:
                ticks.append(value)
    return ticks if len(ticks) <= 12 else [t for t in ticks if str(t).startswith("1")]


def _label(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    if value >= 1e3:
        return f"{value / 1e3:g}k"
    return f"{value:g}"


def save_chart(path: Path, panels: Sequence[Panel]) -> Path:
    """Draw the panels side by side, both axes logarithmic, to `path` (PNG)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts need one
    image = QImage(WIDTH, HEIGHT, QImage.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setFont(QFont("DejaVu Sans", 9))
    width = WIDTH / len(panels)
    for index, panel in enumerate(panels):
        left, top, right, bottom = MARGIN
        area = QRectF(index * width + left, top, width - left - right, HEIGHT - top - bottom)
        points = [p for s in panel.series for p in s.points if p[0] > 0 and p[1] > 0]
        if not points:
            continue
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        x0, x1 = min(xs) / 1.5, max(xs) * 1.5
        y0, y1 = min(ys) / 2, max(ys) * 2

        def at(x: float, y: float, area: QRectF = area, x0: float = x0, x1: float = x1,
               y0: float = y0, y1: float = y1) -> QPointF:
            fx = (math.log10(x) - math.log10(x0)) / (math.log10(x1) - math.log10(x0))
            fy = (math.log10(y) - math.log10(y0)) / (math.log10(y1) - math.log10(y0))
            return QPointF(area.left() + fx * area.width(), area.bottom() - fy * area.height())

        painter.setPen(QPen(QColor("#dddddd"), 1))
        for tick in _ticks(x0, x1):
            painter.drawLine(at(tick, y0), at(tick, y1))
            painter.save()
            painter.setPen(QColor("#333333"))
            painter.drawText(at(tick, y0) + QPointF(-15, 18), _label(tick))
            painter.restore()
        for tick in _ticks(y0, y1):
            painter.drawLine(at(x0, tick), at(x1, tick))
            painter.save()
            painter.setPen(QColor("#333333"))
            painter.drawText(QRectF(area.left() - 70, at(x0, tick).y() - 8, 62, 16),
                             Qt.AlignRight | Qt.AlignVCenter, _label(tick))
            painter.restore()
        painter.setPen(QPen(QColor("#333333"), 1))
        painter.drawRect(area)
        painter.drawText(QRectF(area.left(), 10, area.width(), 24), Qt.AlignCenter, panel.title)
        painter.drawText(QRectF(area.left(), HEIGHT - 40, area.width(), 20), Qt.AlignCenter,
                         panel.x_label)
        painter.save()
        painter.translate(area.left() - 62, area.center().y())
        painter.rotate(-90)
        painter.drawText(QRectF(-area.height() / 2, -12, area.height(), 20), Qt.AlignCenter,
                         panel.y_label)
        painter.restore()
        for number, series in enumerate(panel.series):
            color = QColor(COLORS[number % len(COLORS)])
            pen = QPen(color, 2, Qt.DashLine if series.dashed else Qt.SolidLine)
            painter.setPen(pen)
            line = [at(x, y) for x, y in series.points if x > 0 and y > 0]
            for a, b in pairwise(line):
                painter.drawLine(a, b)
            painter.setBrush(color)
            for point in line:
                painter.drawEllipse(point, 3, 3)
            painter.setBrush(Qt.NoBrush)
            legend = QPointF(area.left() + 10, area.top() + 18 + 16 * number)
            painter.drawLine(legend, legend + QPointF(24, 0))
            painter.setPen(QColor("#333333"))
            painter.drawText(legend + QPointF(30, 4), series.name)
    painter.end()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(path), "PNG"):
        raise OSError(f"cannot write {path}")
    return path
