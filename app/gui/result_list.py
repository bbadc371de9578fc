"""The result list of the main window and of the quick-search popup.

One row per SearchResult in rank order, painted by the delegate given;
the selection is driven from the keyboard (`move_selection`).
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView, QListView, QStyledItemDelegate, QWidget

from app.core.search.request import SearchResult
from app.gui.results_model import ResultsModel


class ResultList(QListView):
    def __init__(self, delegate: type[QStyledItemDelegate], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.results_model = ResultsModel()
        self.setModel(self.results_model)
        self.setItemDelegate(delegate(self))
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setUniformItemSizes(True)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)

    def current_result(self) -> SearchResult | None:
        return self.results_model.result(self.currentIndex().row())

    def select_row(self, row: int) -> None:
        index = self.results_model.index(row, 0)
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.ClearAndSelect)
        self.scrollTo(index)

    def move_selection(self, delta: int) -> None:
        """Move the selection by `delta` rows, stopping at the first and the last."""
        count = self.results_model.rowCount()
        if count:
            self.select_row(min(max(self.currentIndex().row() + delta, 0), count - 1))
