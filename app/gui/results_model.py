"""The result list's model: one row per SearchResult, in rank order."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from app.core.search.request import SearchResult

ResultRole = Qt.UserRole + 1
ModelIndex = QModelIndex | QPersistentModelIndex


def location(result: SearchResult) -> str:
    """`path:line`, what Ctrl+C copies (absolute: it works pasted anywhere)."""
    return f"{result.path}:{result.start_line}"


def line_range(result: SearchResult) -> str:
    if result.end_line > result.start_line:
        return f"{result.start_line}–{result.end_line}"
    return str(result.start_line)


def result_lines(result: SearchResult) -> tuple[str, str, str]:
    """The three texts a row shows: where, what, and its folder. Plain text."""
    where = f"{result.rel_path}:{line_range(result)}"
    what = " · ".join(part for part in (result.symbol, result.kind, result.language) if part)
    return where, what, Path(result.root).name or result.root


class ResultsModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._results: list[SearchResult] = []

    def set_results(self, results: Sequence[SearchResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def result(self, row: int) -> SearchResult | None:
        return self._results[row] if 0 <= row < len(self._results) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def data(self, index: ModelIndex, role: int = Qt.DisplayRole) -> object:
        result = self.result(index.row()) if index.isValid() else None
        if result is None:
            return None
        if role == ResultRole:
            return result
        if role in (Qt.DisplayRole, Qt.AccessibleTextRole):
            where, what, _folder = result_lines(result)
            return f"{where}  {what}"
        return None
