"""The quick-search popup: one box over everything, summoned from anywhere.

Frameless, always on top, centred on the screen that has the mouse, and it
takes the keyboard focus. Typing searches as in the main window (its own
SearchController on the window's Engine, so the model is loaded once); the
keys are the main window's (↑/↓, Enter opens in the editor, Ctrl+C copies
`path:line`, Ctrl+Shift+C the snippet) plus Ctrl+Enter, which shows the
result in the main window, and Esc, which hides the popup. It also hides when
another window takes the focus, and after opening a result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from app.core.editor import open_in_editor
from app.core.errors import KenningError
from app.core.search.request import Mode, SearchRequest, SearchResponse
from app.gui.keys import ResultKeys
from app.gui.main_window import MainWindow
from app.gui.result_delegate import ResultDelegate
from app.gui.result_list import ResultList
from app.gui.results_model import location
from app.gui.search_worker import SearchController
from app.gui.widgets import plain_label

TITLE = "Kenning Quick Search"
RESULTS = 8
SIZE = (720, 460)
HINT = ("↑/↓ move · Enter opens in your editor · Ctrl+Enter shows it in Kenning · "
        "Ctrl+C copies path:line · Esc closes")


class QuickKeys(ResultKeys):
    """The main window's result keys, plus Ctrl+Enter: show the result in the window."""

    def __init__(self, popup: QuickPopup) -> None:
        super().__init__(popup, popup)
        self._popup = popup

    def _action_for(self, watched: QObject, event: QKeyEvent) -> Callable[[], None] | None:
        mods = event.modifiers() & ~Qt.KeypadModifier
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and mods == Qt.ControlModifier:
            return self._popup.show_in_window
        return super()._action_for(watched, event)


class QuickPopup(QWidget):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(None, Qt.Window | Qt.FramelessWindowHint | Qt.WindowStaysOnTopHint
                         | Qt.Tool)
        self.setWindowTitle(TITLE)
        self.setObjectName("quick_popup")
        self.setAttribute(Qt.WA_QuitOnClose, False)
        self._window = window
        self.searches = SearchController(window.engine, self)

        self.query = QLineEdit(self)
        self.query.setObjectName("quick_query")
        self.query.setPlaceholderText("Describe what the code does")
        font = self.query.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.query.setFont(font)
        self.results = ResultList(ResultDelegate, self)
        self.results.setObjectName("quick_results")
        self.message = plain_label(HINT, self, point_delta=-1)
        self.message.setObjectName("quick_message")

        frame = QFrame(self)
        frame.setObjectName("quick_frame")
        frame.setFrameShape(QFrame.Box)
        column = QVBoxLayout(frame)
        column.setContentsMargins(10, 10, 10, 6)
        column.addWidget(self.query)
        column.addWidget(self.results, 1)
        column.addWidget(self.message)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)
        self.resize(*SIZE)

        self._keys = QuickKeys(self)
        self.query.installEventFilter(self._keys)
        self.results.installEventFilter(self._keys)
        self.query.textChanged.connect(self._search)
        self.results.doubleClicked.connect(lambda _index: self.open_current())
        self.searches.results.connect(self._show_results)
        self.searches.failed.connect(self._search_failed)

    # -- showing ---------------------------------------------------------------

    def toggle(self) -> None:
        """The hotkey and `kenning quick`: show the popup, or hide it if it is up."""
        if self.isVisible():
            self.hide()
        else:
            self.summon()

    def summon(self) -> None:
        """Show the popup centred on the mouse's screen, focused, the last query selected."""
        screen = QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()
        area = screen.availableGeometry()
        self.move(area.center().x() - self.width() // 2, area.center().y() - self.height() // 2)
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()
        self.query.selectAll()

    def changeEvent(self, event: QEvent) -> None:
        # Clicking elsewhere puts the popup away, as launchers do.
        if event.type() == QEvent.ActivationChange and self.isVisible() \
                and not self.isActiveWindow():
            self.hide()
        super().changeEvent(event)

    def shutdown(self) -> None:
        """Stop the search thread (before the app exits)."""
        self.searches.shutdown()

    # -- searching -------------------------------------------------------------

    def _search(self) -> None:
        settings = self._window.settings
        self.searches.search(SearchRequest(
            query=self.query.text().strip(), k=RESULTS, mode=Mode(settings.search_mode),
            use_bias=settings.use_bias))

    def _show_results(self, response: SearchResponse) -> None:
        results = response.results
        self.results.results_model.set_results(results)
        if results:
            self.results.select_row(0)
        query = response.request.query
        if not query:
            self.message.setText(HINT)
        elif results:
            count = f"{len(results)} result{'s' if len(results) != 1 else ''}"
            self.message.setText(f"{count} · {response.elapsed_ms:.0f} ms · "
                                 "Enter opens · Ctrl+Enter shows it in Kenning")
        else:
            self.message.setText(f"No results for “{query}”.")

    def _search_failed(self, message: str) -> None:
        self.results.results_model.set_results([])
        self.message.setText(message)

    # -- ResultActions (keyboard) ----------------------------------------------

    def move_selection(self, delta: int) -> None:
        self.results.move_selection(delta)

    def open_current(self) -> None:
        """Enter: the result in the editor at its line; the popup goes away."""
        result = self.results.current_result()
        if result is None:
            return
        try:
            open_in_editor(Path(result.path), result.start_line,
                           self._window.settings.editor_command)
        except KenningError as exc:
            self.message.setText(str(exc))
            return
        self.hide()

    def show_in_window(self) -> None:
        """Ctrl+Enter: the result in the main window's preview."""
        result = self.results.current_result()
        if result is not None:
            self.hide()
            self._window.show_result(self.query.text().strip(), result)

    def copy_location(self) -> None:
        result = self.results.current_result()
        if result is not None:
            QGuiApplication.clipboard().setText(location(result))
            self.message.setText(f"Copied {location(result)}")

    def copy_snippet(self) -> None:
        result = self.results.current_result()
        if result is not None:
            QGuiApplication.clipboard().setText(result.text)
            self.message.setText("Copied the snippet")

    def clear_search(self) -> None:
        """Esc: hide the popup (the query stays, selected, for the next time)."""
        self.hide()
