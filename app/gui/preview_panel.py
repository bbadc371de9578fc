"""The preview: where the hit is, a note when needed, and the code around it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.core.search.request import SearchResult
from app.gui.code_view import CodeView
from app.gui.preview import PreviewText
from app.gui.preview_worker import PreviewLoader
from app.gui.results_model import line_range
from app.gui.widgets import ElidedLabel, plain_label

PLACEHOLDER = "The code around the selected result shows here."


class PreviewPanel(QWidget):
    shown = Signal(object)  # the SearchResult whose code is now on screen

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ElidedLabel(self, bold=True)
        self.title.setObjectName("preview_title")
        self.details = ElidedLabel(self)
        self.details.setObjectName("preview_details")
        self.note = plain_label("", self, wrap=True, point_delta=-1)
        self.note.setObjectName("preview_note")
        self.note.hide()
        self.code = CodeView(self)
        self.code.setObjectName("code")
        self.placeholder = plain_label(PLACEHOLDER, self, wrap=True)
        self.placeholder.setAlignment(Qt.AlignCenter)
        self.placeholder.setEnabled(False)  # drawn dimmed
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.code)
        self._result: SearchResult | None = None
        self._shown: SearchResult | None = None
        self._loader = PreviewLoader(self)
        self._loader.ready.connect(self._show_code)
        self._loader.failed.connect(lambda _result, message: self._show_note(message))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.details)
        layout.addWidget(self.note)
        layout.addWidget(self.pages, 1)
        self.show_result(None)

    @property
    def result(self) -> SearchResult | None:
        """The result asked for (its code may still be loading)."""
        return self._result

    @property
    def shown_result(self) -> SearchResult | None:
        """The result whose code is on screen."""
        return self._shown

    def show_result(self, result: SearchResult | None) -> None:
        """Show where `result` is at once; its code follows from the preview thread."""
        self._result = result
        self._loader.load(result)
        self.title.setVisible(result is not None)
        self.details.setVisible(result is not None)
        if result is None:
            self._shown = None
            self.title.setText("")
            self.details.setText("")
            self._show_note("")
            self.code.clear_code()
            self.pages.setCurrentWidget(self.placeholder)
            return
        self.title.setText(result.path)
        parts = [f"lines {line_range(result)}", result.language, result.kind]
        if result.def_start is not None and result.def_end is not None and (
                (result.def_start, result.def_end) != (result.start_line, result.end_line)):
            parts.insert(1, f"best part of lines {result.def_start}–{result.def_end}")
        if result.symbol:
            parts.insert(0, result.symbol)
        self.details.setText(" · ".join(parts))

    def stop(self) -> None:
        self._loader.stop()

    def _show_code(self, result: SearchResult, preview: PreviewText) -> None:
        self._show_note(preview.note)
        self.pages.setCurrentWidget(self.code)
        self.code.show_code(preview)
        self._shown = result
        self.shown.emit(result)

    def _show_note(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))
