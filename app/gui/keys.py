"""Keyboard first: the result list is driven from the search box.

↑/↓ (and PgUp/PgDn) move in the results while the focus stays in the query;
Enter opens the result in the editor; Ctrl+C copies `path:line` (unless text
is selected in the query box: then it copies that, as always); Ctrl+Shift+C
copies the snippet; Esc clears the search.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit

PAGE_ROWS = 8
MOVES = {Qt.Key_Down: 1, Qt.Key_Up: -1, Qt.Key_PageDown: PAGE_ROWS, Qt.Key_PageUp: -PAGE_ROWS}


class ResultActions(Protocol):
    def move_selection(self, delta: int) -> None: ...
    def open_current(self) -> None: ...
    def copy_location(self) -> None: ...
    def copy_snippet(self) -> None: ...
    def clear_search(self) -> None: ...


class ResultKeys(QObject):
    """Event filter for the query box and the result list."""

    def __init__(self, actions: ResultActions, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._actions = actions

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.ShortcutOverride:
            # Claim the keys we handle before a shortcut (or the line edit) takes them.
            if self._action_for(watched, event) is not None:  # type: ignore[arg-type]
                event.accept()
                return True
            return False
        if event.type() != QEvent.KeyPress:
            return False
        action = self._action_for(watched, event)  # type: ignore[arg-type]
        if action is None:
            return False
        action()
        return True

    def _action_for(self, watched: QObject, event: QKeyEvent) -> Callable[[], None] | None:
        key, mods = event.key(), event.modifiers() & ~Qt.KeypadModifier
        in_query = isinstance(watched, QLineEdit)
        if key in MOVES and mods == Qt.NoModifier and in_query:
            delta = MOVES[key]
            return lambda: self._actions.move_selection(delta)
        if key in (Qt.Key_Return, Qt.Key_Enter) and mods == Qt.NoModifier:
            return self._actions.open_current
        if key == Qt.Key_Escape and mods == Qt.NoModifier:
            return self._actions.clear_search
        if key == Qt.Key_C and mods == (Qt.ControlModifier | Qt.ShiftModifier):
            return self._actions.copy_snippet
        if key == Qt.Key_C and mods == Qt.ControlModifier:
            if in_query and watched.hasSelectedText():  # type: ignore[attr-defined]
                return None
            return self._actions.copy_location
        return None
