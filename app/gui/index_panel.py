"""Index status: totals, live progress, watching, pause/resume, re-index, skips and errors."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHeaderView,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.engine import Status
from app.core.indexing.progress import format_seconds
from app.gui.indexing import JobProgress
from app.gui.watching import WatchPhase, WatchStatus
from app.gui.widgets import button_row, plain_label, short_path

PROGRESS_STEPS = 1000
PATH_COLUMN_WIDTH = 170
ERROR_PREFIX = "error: "
IDLE = "Idle: the index is up to date."


def progress_text(progress: JobProgress) -> str:
    """Files, snippets, rate and ETA in one line."""
    if not progress.files_total:
        if progress.snippets:
            return f"starting: {progress.snippets} snippets embedded"
        return "scanning for files…"
    if progress.embedding:
        parts = [f"{progress.files_total} files searchable by keyword",
                 f"embedding {progress.snippets} / {progress.embed_total} snippets"]
    else:
        parts = [f"{progress.files_done} / {progress.files_total} files"]
    if progress.embedding and progress.snippets_per_second > 0:
        parts.append(f"{progress.snippets_per_second:.1f} snippets/s")
    if progress.eta is not None and progress.fraction < 1.0:
        parts.append(f"about {format_seconds(progress.eta)} left")
    return " · ".join(parts)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def watch_text(status: WatchStatus) -> str:
    """What the folder watcher is doing, and for each polled folder why and how to fix it."""
    folders = _plural(len(status.folders), "folder")
    phase = status.phase
    if phase is WatchPhase.OFF:
        return ""
    if phase is WatchPhase.INDEXING:
        line = f"Indexing {_plural(status.changes, 'change')}…"
    else:
        line = {
            WatchPhase.PAUSED: "Watching paused: changes made meanwhile are picked up on resume.",
            WatchPhase.WAITING: "Watching resumes when indexing is done.",
            WatchPhase.STARTING: f"Starting to watch {folders}…",
            WatchPhase.SCANNING: f"Looking for changes made while {folders} went unwatched…",
            WatchPhase.WATCHING: f"Watching {folders} for changes.",
            WatchPhase.FAILED: f"Watching stopped: {status.error}",
        }[phase]
    if phase in (WatchPhase.SCANNING, WatchPhase.INDEXING) and status.files_total:
        line += f" ({status.files_done} / {status.files_total} files)"
    if phase in (WatchPhase.SCANNING, WatchPhase.WATCHING, WatchPhase.INDEXING):
        for watch in status.polled:
            line += f"\nPolling {short_path(watch.path)} for changes"
            line += f": {watch.reason}." if watch.reason else "."
            if watch.hint:
                line += f" To fix it, {watch.hint}."
    return line


def status_text(status: Status | None) -> str:
    if status is None:
        return "Nothing indexed yet."
    stats = status.stats
    folders = len(stats.roots)
    text = (f"{folders} folder{'s' if folders != 1 else ''} · {stats.files} files · "
            f"{stats.chunks} snippets · {stats.skipped} skipped")
    if stats.embedded < stats.chunks:
        text += (f"\nSearch by meaning covers {stats.embedded} of {stats.chunks} snippets so "
                 "far; the others are found by keyword until they are embedded.")
    return text


class IndexPanel(QWidget):
    pause_toggled = Signal(bool)
    reindex_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = plain_label("Nothing indexed yet.", self, wrap=True)
        self.summary.setObjectName("index_summary")
        self.activity = plain_label(IDLE, self, wrap=True)
        self.activity.setObjectName("index_activity")
        self.current_file = plain_label("", self, point_delta=-1)
        self.current_file.setObjectName("index_current_file")
        # Long paths must not widen the panel: clip instead.
        self.current_file.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        # Selectable: the fix for an inotify limit is a command to copy.
        self.watching = plain_label("", self, wrap=True, selectable=True)
        self.watching.setObjectName("watch_status")
        self.watching.hide()
        self.bar = QProgressBar(self)
        self.bar.setRange(0, PROGRESS_STEPS)
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.pause_button = QPushButton("Pause", self)
        self.pause_button.setObjectName("pause")
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip("Pause indexing and following the folders' changes")
        self.pause_button.toggled.connect(self._on_pause_toggled)
        self.reindex_button = QPushButton("Re-index", self)
        self.reindex_button.setObjectName("reindex")
        self.reindex_button.setToolTip("Bring every folder up to date with the disk")
        self.reindex_button.clicked.connect(self.reindex_requested)
        self.problems = QTreeWidget(self)
        self.problems.setObjectName("problems")
        self.problems.setHeaderLabels(["File", "Reason"])
        self.problems.setRootIsDecorated(False)
        self.problems.setUniformRowHeights(True)
        self.problems.setTextElideMode(Qt.ElideMiddle)
        self.problems.header().setSectionResizeMode(0, QHeaderView.Interactive)
        self.problems.header().setStretchLastSection(True)
        self.problems.header().resizeSection(0, PATH_COLUMN_WIDTH)
        self._errors: list[tuple[str, str]] = []
        self._skipped: list[tuple[str, str]] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plain_label("Index", self, bold=True))
        layout.addWidget(self.summary)
        layout.addWidget(self.activity)
        layout.addWidget(self.bar)
        layout.addWidget(self.current_file)
        layout.addWidget(self.watching)
        layout.addLayout(button_row(self.pause_button, self.reindex_button))
        layout.addWidget(plain_label("Skipped files and errors", self, bold=True))
        layout.addWidget(self.problems, 1)

    # -- updates from the window -----------------------------------------------

    def set_status(self, status: Status | None) -> None:
        self.summary.setText(status_text(status))
        self._skipped = list(status.skipped) if status is not None else []
        self._fill_problems()

    def show_progress(self, folder: str, progress: JobProgress | None) -> None:
        self.bar.show()
        if progress is None or not progress.files_total:
            self.bar.setRange(0, 0)  # busy, size unknown yet
        else:
            self.bar.setRange(0, PROGRESS_STEPS)
            self.bar.setValue(round(progress.fraction * PROGRESS_STEPS))
        head = f"Indexing {short_path(folder)}"
        self.activity.setText(head + (f": {progress_text(progress)}" if progress else "…"))
        self.current_file.setText(progress.current if progress else "")

    def show_removing(self, folder: str) -> None:
        self._show_busy(f"Removing {short_path(folder)} from the index…")

    def show_rebuilding(self, db: str) -> None:
        self._show_busy(f"Throwing the index {short_path(db)} away to build it again…")

    def _show_busy(self, text: str) -> None:
        self.bar.show()
        self.bar.setRange(0, 0)
        self.activity.setText(text)
        self.current_file.setText("")

    def show_idle(self) -> None:
        self.bar.hide()
        self.activity.setText(IDLE)
        self.current_file.setText("")

    def show_watch(self, status: WatchStatus) -> None:
        text = watch_text(status)
        self.watching.setText(text)
        self.watching.setVisible(bool(text))

    def set_paused(self, paused: bool) -> None:
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(paused)
        self.pause_button.blockSignals(False)
        self.pause_button.setText("Resume" if paused else "Pause")

    def add_error(self, where: str, message: str) -> None:
        self._errors.insert(0, (where, message))
        self._fill_problems()

    def drop_errors(self, where: str, start: str) -> None:
        """Take back the errors of `where` that begin with `start` (a folder that was gone
        is back)."""
        self._errors = [(w, m) for w, m in self._errors if w != where or not m.startswith(start)]
        self._fill_problems()

    def problem_rows(self) -> list[tuple[str, str]]:
        """(file, reason) of every row shown, top to bottom."""
        return [(self.problems.topLevelItem(i).text(0), self.problems.topLevelItem(i).text(1))
                for i in range(self.problems.topLevelItemCount())]

    # -- internals -------------------------------------------------------------

    def _on_pause_toggled(self, paused: bool) -> None:
        self.set_paused(paused)
        self.pause_toggled.emit(paused)

    def _fill_problems(self) -> None:
        rows: Sequence[tuple[str, str]] = [
            *((where, ERROR_PREFIX + message) for where, message in self._errors),
            *self._skipped]
        self.problems.clear()
        self.problems.addTopLevelItems([_problem_item(path, reason) for path, reason in rows])


def _problem_item(path: str, reason: str) -> QTreeWidgetItem:
    """A row of the problems list; the narrow columns elide, the tooltips have it all."""
    item = QTreeWidgetItem([short_path(path), reason])
    item.setToolTip(0, path)
    item.setToolTip(1, reason)
    return item
