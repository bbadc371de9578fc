"""Paints one result row: path:lines and a score bar, then symbol · kind · language, folder.

Text is drawn with QPainter.drawText, which never interprets markup, so any
file name shows literally.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.core.search.request import SearchResult
from app.gui.results_model import ResultRole, result_lines

PADDING = 6
SCORE_WIDTH = 56
SCORE_HEIGHT = 6


class ResultDelegate(QStyledItemDelegate):
    @staticmethod
    def second_line(result: SearchResult) -> str:
        """What the dim second line says: symbol · kind · language (folder)."""
        _where, what, folder = result_lines(result)
        return f"{what}   ({folder})" if what else f"({folder})"

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        line = option.fontMetrics.height()
        return QSize(200, PADDING * 2 + line * 2 + 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        result = index.data(ResultRole)
        if result is None:
            return super().paint(painter, option, index)
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PE_PanelItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.State_Selected)
        palette = option.palette
        text = palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        dim = QColor(text)
        dim.setAlpha(150)
        where = result_lines(result)[0]
        rect = option.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        metrics = option.fontMetrics
        line = metrics.height()

        painter.save()
        bold = QFont(option.font)
        bold.setBold(True)
        # line 1: where (bold, elided in the middle) ... score bar
        text_width = rect.width() - SCORE_WIDTH - PADDING * 2
        painter.setFont(bold)
        painter.setPen(text)
        shown = painter.fontMetrics().elidedText(where, Qt.ElideMiddle, text_width)
        painter.drawText(QRect(rect.left(), rect.top(), text_width, line),
                         Qt.AlignLeft | Qt.AlignVCenter, shown)
        self._paint_score(painter, QRect(rect.right() - SCORE_WIDTH, rect.top(),
                                         SCORE_WIDTH, line), result.score, palette, selected)
        # line 2 (dim)
        painter.setFont(option.font)
        painter.setPen(dim)
        painter.drawText(QRect(rect.left(), rect.top() + line + 2, rect.width(), line),
                         Qt.AlignLeft | Qt.AlignVCenter,
                         metrics.elidedText(self.second_line(result), Qt.ElideRight,
                                            rect.width()))
        painter.restore()
        return None

    @staticmethod
    def _paint_score(painter: QPainter, area: QRect, score: float, palette: QPalette,
                     selected: bool) -> None:
        bar = QRect(area.left(), area.center().y() - SCORE_HEIGHT // 2, area.width(),
                    SCORE_HEIGHT)
        track = QColor(palette.color(QPalette.Mid))
        track.setAlpha(90)
        painter.setPen(Qt.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(bar, 3, 3)
        fill = QRect(bar)
        fill.setWidth(max(2, round(bar.width() * min(max(score, 0.0), 1.0))))
        painter.setBrush(palette.color(QPalette.HighlightedText if selected
                                       else QPalette.Highlight))
        painter.drawRoundedRect(fill, 3, 3)
