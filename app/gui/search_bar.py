"""The query box and everything that shapes a search: mode, bias, folder, language."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from app.core.search.request import Mode, SearchRequest
from app.gui.widgets import plain_label, short_path

ALL = ""
MODE_LABELS = {Mode.HYBRID: "Hybrid", Mode.SEMANTIC: "Semantic", Mode.LEXICAL: "Lexical"}


class SearchBar(QWidget):
    changed = Signal()  # the query or a filter changed: search again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.query = QLineEdit(self)
        self.query.setObjectName("query")
        self.query.setPlaceholderText(
            "Describe what the code does, e.g. “retry failed uploads”")
        self.query.setClearButtonEnabled(True)
        font = self.query.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.query.setFont(font)

        self.mode = QComboBox(self)
        self.mode.setObjectName("mode")
        self.mode.setToolTip("Hybrid: meaning and keywords. Semantic: meaning only. "
                             "Lexical: keywords only.")
        for mode, label in MODE_LABELS.items():
            self.mode.addItem(label, mode.value)
        self.bias = QCheckBox("Bias", self)
        self.bias.setObjectName("bias")
        self.bias.setToolTip("Apply the index's learned query bias, when it has one")
        self.folder = QComboBox(self)
        self.folder.setObjectName("folder_filter")
        self.folder.setMinimumContentsLength(16)
        self.language = QComboBox(self)
        self.language.setObjectName("language_filter")
        self.language.setMinimumContentsLength(10)
        for combo in (self.folder, self.language):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.summary = plain_label(parent=self)
        self.summary.setObjectName("summary")
        self.summary.setMinimumWidth(self.summary.fontMetrics().horizontalAdvance(
            "000 results · 0000 ms"))
        self.summary.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.set_folders([])
        self.set_languages([])

        filters = QHBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        for label, widget in (("Mode", self.mode), ("Folder", self.folder),
                              ("Language", self.language)):
            filters.addWidget(plain_label(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.bias)
        filters.addStretch(1)
        filters.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.query)
        layout.addLayout(filters)

        self.query.textChanged.connect(self.changed)
        for combo in (self.mode, self.folder, self.language):
            combo.currentIndexChanged.connect(self.changed)
        self.bias.toggled.connect(self.changed)

    def request(self, k: int) -> SearchRequest:
        folder = self.folder.currentData() or ALL
        language = self.language.currentData() or ALL
        return SearchRequest(
            query=self.query.text().strip(), k=k, mode=Mode(self.mode.currentData()),
            use_bias=self.bias.isChecked(), languages=(language,) if language else (),
            paths=(folder,) if folder else ())

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))

    def set_folders(self, folders: Sequence[str]) -> None:
        self._refill(self.folder, "All folders",
                     [(short_path(f), f) for f in folders])

    def set_languages(self, languages: Sequence[str]) -> None:
        self._refill(self.language, "All languages", [(lang, lang) for lang in languages])

    def select_folder(self, folder: str) -> None:
        self.folder.setCurrentIndex(max(0, self.folder.findData(folder)))

    def select_language(self, language: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(language)))

    @staticmethod
    def _refill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
        """Replace the choices, keeping the current one if it still exists.

        No signal while refilling: a status refresh must not start a search
        unless the selection really changed (then the caller's signal fires).
        """
        current = combo.currentData() or ALL
        wanted = [(everything, ALL), *items]
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] == wanted:
            return
        combo.blockSignals(True)
        combo.clear()
        for text, data in wanted:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        if index < 0:
            combo.currentIndexChanged.emit(0)
