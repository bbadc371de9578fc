"""The indexed folders, each with what is happening to it; add and remove them.

A folder's status comes from three places: the index (its roots and when each
was last indexed completely), the settings (folders the user added, perhaps
not indexed yet) and the job queue (queued, indexing, removing, failed).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.store.store import Root
from app.gui.indexing import IndexJob, JobKind, JobProgress
from app.gui.widgets import button_row, plain_label, short_path

PathRole = Qt.UserRole + 1


@dataclass(frozen=True)
class FolderRow:
    path: str
    detail: str


def folders_from_mime(mime: QMimeData) -> list[Path]:
    """The local folders in a drag (files and remote URLs are not folders to index)."""
    if not mime.hasUrls():
        return []
    paths = (Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile())
    return [path for path in paths if path.is_dir()]


def _indexed_detail(root: Root, absent: str | None) -> str:
    if absent == "missing":
        return "Folder missing (its index is kept)"
    if absent == "empty":
        return "Folder empty: an unmounted drive? (its index is kept)"
    if root.indexed_at is None:
        return "Not finished: re-index to complete"
    return "Indexed " + time.strftime("%Y-%m-%d %H:%M", time.localtime(root.indexed_at))


def _progress_detail(progress: JobProgress | None, paused: bool) -> str:
    if progress is None or not progress.files_total:
        text = "Indexing…" if progress is not None and progress.snippets else "Scanning…"
    elif progress.embedding:
        text = f"Embedding {progress.snippets}/{progress.embed_total} snippets"
    else:
        text = f"Indexing {progress.files_done}/{progress.files_total} files"
    return f"Paused ({text.lower()})" if paused else text


def folder_rows(roots: Sequence[Root], remembered: Iterable[str], current: IndexJob | None,
                pending: Sequence[IndexJob], progress: JobProgress | None, paused: bool,
                errors: Mapping[str, str], absent: Mapping[str, str] | None = None
                ) -> list[FolderRow]:
    """One row per folder known anywhere, sorted by path (a rebuild's job is the index
    file's, not a folder's). `absent`: why indexed folders cannot be indexed now
    (Status.absent_roots, found off the UI thread)."""
    pending = [job for job in pending if job.kind is not JobKind.REBUILD]
    if current is not None and current.kind is JobKind.REBUILD:
        current = None
    by_path = {root.path: root for root in roots}
    queued = {str(job.folder): job.kind for job in pending}
    paths = sorted({*by_path, *remembered, *(str(job.folder) for job in pending),
                    *([str(current.folder)] if current else [])})
    rows = []
    for path in paths:
        if current is not None and str(current.folder) == path:
            detail = ("Removing…" if current.kind is JobKind.REMOVE
                      else _progress_detail(progress, paused))
        elif path in queued:
            detail = "Queued for removal" if queued[path] is JobKind.REMOVE else "Queued"
        elif path in errors:
            detail = f"Error: {errors[path]}"
        elif path in by_path:
            detail = _indexed_detail(by_path[path], (absent or {}).get(path))
        else:
            detail = "Not indexed yet"
        rows.append(FolderRow(path, detail))
    return rows


class FoldersPanel(QWidget):
    add_requested = Signal()
    remove_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setObjectName("folders")
        self.list.setSelectionMode(QAbstractItemView.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setUniformItemSizes(False)
        self.add_button = QPushButton("Add folder…", self)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setEnabled(False)
        self.add_button.clicked.connect(self.add_requested)
        self.remove_button.clicked.connect(self._remove_selected)
        self.list.itemSelectionChanged.connect(
            lambda: self.remove_button.setEnabled(self.selected() is not None))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plain_label("Folders", self, bold=True))
        layout.addWidget(self.list)
        layout.addLayout(button_row(self.add_button, self.remove_button))
        layout.addWidget(plain_label("Drop folders anywhere on the window to add them.",
                                     self, wrap=True, point_delta=-1))

    def set_rows(self, rows: Sequence[FolderRow]) -> None:
        selected = self.selected()
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(f"{short_path(row.path)}\n{row.detail}")
            item.setData(PathRole, row.path)
            self.list.addItem(item)
            if row.path == selected:
                item.setSelected(True)
                self.list.setCurrentItem(item)

    def rows(self) -> list[tuple[str, str]]:
        """(path, shown text) of every row, top to bottom."""
        return [(self.list.item(i).data(PathRole), self.list.item(i).text())
                for i in range(self.list.count())]

    def selected(self) -> str | None:
        items = self.list.selectedItems()
        return items[0].data(PathRole) if items else None

    def select(self, path: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(PathRole) == path:
                self.list.setCurrentRow(i)

    def _remove_selected(self) -> None:
        path = self.selected()
        if path is not None:
            self.remove_requested.emit(path)
