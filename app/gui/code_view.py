"""A read-only code view: line-number gutter, Pygments colours, the hit highlighted.

QScintilla does not exist for PySide6, so this is a QPlainTextEdit (plain text
only: nothing from the file is ever interpreted as markup) with a gutter
widget and a QSyntaxHighlighter. The lexing is done beforehand, off the UI
thread (app.gui.preview); the highlighter only turns each line's token types
into formats of the current style, so a theme change recolours instantly.
"""

from __future__ import annotations

from functools import lru_cache

from pygments.styles import get_style_by_name
from pygments.token import _TokenType
from PySide6.QtCore import QEvent, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from app.gui.preview import PreviewText, Span
from app.gui.theme import is_dark

LIGHT_STYLE = "default"
DARK_STYLE = "github-dark"
GUTTER_PADDING = 6
HIT_SCROLL_FRACTION = 0.2  # the hit starts this far down the visible area


@lru_cache(maxsize=4)
def _style_formats(style_name: str) -> dict[_TokenType, QTextCharFormat]:
    formats: dict[_TokenType, QTextCharFormat] = {}
    for token, spec in get_style_by_name(style_name):
        fmt = QTextCharFormat()
        if spec["color"]:
            fmt.setForeground(QColor(f"#{spec['color']}"))
        if spec["bold"]:
            fmt.setFontWeight(QFont.Bold)
        if spec["italic"]:
            fmt.setFontItalic(True)
        formats[token] = fmt
    return formats


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours a document from one Pygments pass over its whole text."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[list[Span]] = []
        self.style_name = LIGHT_STYLE

    def set_spans(self, spans: list[list[Span]], style_name: str) -> None:
        """Colour line n with spans[n]; call before the document gets its text."""
        self.style_name = style_name
        self._spans = spans

    def restyle(self, style_name: str) -> None:
        self.style_name = style_name
        self.rehighlight()

    @staticmethod
    def _format(formats: dict[_TokenType, QTextCharFormat],
                token: _TokenType) -> QTextCharFormat | None:
        while token not in formats and token.parent is not None:
            token = token.parent
        fmt = formats.get(token)
        return fmt if fmt is not None and fmt.propertyCount() else None

    def highlightBlock(self, text: str) -> None:
        number = self.currentBlock().blockNumber()
        if 0 <= number < len(self._spans):
            formats = _style_formats(self.style_name)
            for start, length, token in self._spans[number]:
                fmt = self._format(formats, token)
                if fmt is not None:
                    self.setFormat(start, length, fmt)


class LineNumberGutter(QWidget):
    """Paints the file's line numbers next to the visible blocks of a CodeView."""

    def __init__(self, view: CodeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self) -> QSize:
        return QSize(self._view.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self._view.paint_gutter(self, event)


class CodeView(QPlainTextEdit):
    """Shows part of a file; block n is file line `first_line + n`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        font = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        self.setFont(font)
        self.document().setDefaultFont(font)
        self._first_line = 1
        self._hit: tuple[int, int] | None = None
        self._definition: tuple[int, int] | None = None
        self._highlighter = PygmentsHighlighter(self.document())
        _style_formats(self._style_for_palette())  # build the formats now, not on first show
        self._gutter = LineNumberGutter(self)
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._on_update_request)
        self._update_margins()

    # -- content ---------------------------------------------------------------

    @property
    def hit(self) -> tuple[int, int] | None:
        """The highlighted file lines (first, last), if any."""
        return self._hit

    @property
    def definition(self) -> tuple[int, int] | None:
        """The file lines of the whole definition the hit is a piece of, if marked."""
        return self._definition

    @property
    def style_name(self) -> str:
        return self._highlighter.style_name

    def show_code(self, preview: PreviewText) -> None:
        """Show the preview's lines (file numbering), its hit marked and scrolled into view."""
        self._first_line = preview.first_line
        self._hit = (preview.hit_start, preview.hit_end)
        self._definition = preview.definition
        self._highlighter.set_spans(preview.spans, self._style_for_palette())
        self.setPlainText(preview.text)
        self._update_margins()
        self._mark_hit()
        self._scroll_to_hit()

    def clear_code(self) -> None:
        self._hit = None
        self._definition = None
        self._first_line = 1
        self._highlighter.set_spans([], self._highlighter.style_name)
        self.setExtraSelections([])
        self.clear()

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (theme setting, or the desktop switching dark/light): recolour."""
        super().changeEvent(event)
        if event.type() == QEvent.PaletteChange:
            style = self._style_for_palette()
            if style != self._highlighter.style_name:
                self._highlighter.restyle(style)
            self._mark_hit()

    def _style_for_palette(self) -> str:
        return DARK_STYLE if is_dark(self.palette()) else LIGHT_STYLE

    def file_line_of_block(self, block_number: int) -> int:
        return self._first_line + block_number

    def block_of_file_line(self, line: int) -> int:
        return line - self._first_line

    def _mark_hit(self) -> None:
        """The hit on a strong background, the rest of its definition on a faint one."""
        hit, definition = self._hit, self._definition
        selections = []
        for lines, alpha in ((definition, 22), (hit, 60)):
            if lines is None:
                continue
            color = QColor(self.palette().highlight().color())
            color.setAlpha(alpha)
            doc = self.document()
            for number in range(self.block_of_file_line(lines[0]),
                                self.block_of_file_line(lines[1]) + 1):
                block = doc.findBlockByNumber(number)
                if not block.isValid() or (lines is definition and hit is not None
                                           and hit[0] <= self.file_line_of_block(number) <= hit[1]):
                    continue
                selection = QTextEdit.ExtraSelection()
                selection.format.setBackground(color)
                selection.format.setProperty(QTextFormat.FullWidthSelection, True)
                selection.cursor = self.textCursor()
                selection.cursor.setPosition(block.position())
                selections.append(selection)
        self.setExtraSelections(selections)

    def _scroll_to_hit(self) -> None:
        if self._hit is None:
            self.verticalScrollBar().setValue(0)
            return
        first = self.block_of_file_line(self._hit[0])
        last = self.block_of_file_line(self._hit[1])
        cursor = self.textCursor()
        cursor.setPosition(self.document().findBlockByNumber(max(0, first)).position())
        self.setTextCursor(cursor)
        visible = max(1, self.viewport().height() // max(1, self.fontMetrics().height()))
        lead = int(visible * HIT_SCROLL_FRACTION) if last - first + 1 < visible else 0
        self.verticalScrollBar().setValue(max(0, first - lead))

    # -- gutter ----------------------------------------------------------------

    def gutter_width(self) -> int:
        last = self._first_line + max(1, self.blockCount()) - 1
        digits = max(3, len(str(last)))
        return GUTTER_PADDING * 2 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margins(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(),
                                       area.height()))

    def paint_gutter(self, gutter: QWidget, event: QPaintEvent) -> None:
        painter = QPainter(gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        bold = QFont(self.font())
        bold.setBold(True)
        while block.isValid() and top <= event.rect().bottom():
            line = self.file_line_of_block(block.blockNumber())
            in_hit = self._hit is not None and self._hit[0] <= line <= self._hit[1]
            in_definition = in_hit or (self._definition is not None
                                       and self._definition[0] <= line <= self._definition[1])
            painter.setFont(bold if in_hit else self.font())
            painter.setPen(palette.text().color() if in_definition
                           else palette.placeholderText().color())
            painter.drawText(0, top, gutter.width() - GUTTER_PADDING, height,
                             Qt.AlignRight | Qt.AlignVCenter, str(line))
            top += round(self.blockBoundingRect(block).height())
            block = block.next()
        painter.end()
