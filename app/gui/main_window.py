"""The main window: search box, results, preview; folders and index at the side.

It owns the background workers (searches on a thread; indexing jobs and the
folder watcher in child processes, never writing at the same time) and turns
their signals into widget updates. Nothing here blocks: every call into the
core runs on the search thread or in a child process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QByteArray, QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QMainWindow,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.editor import open_in_editor
from app.core.engine import Engine, EngineConfig, Status
from app.core.errors import KenningError
from app.core.search.request import SearchResponse, SearchResult
from app.core.settings import Settings, save_settings
from app.gui.empty_state import EmptyState, demo_folder
from app.gui.folders_panel import FoldersPanel, folder_rows, folders_from_mime
from app.gui.hotkeys.base import HotkeyStatus
from app.gui.icons import app_icon
from app.gui.index_panel import IndexPanel, status_text
from app.gui.indexing import IndexJob, IndexQueue, JobKind, JobProgress
from app.gui.keys import ResultKeys
from app.gui.preview_panel import PreviewPanel
from app.gui.result_delegate import ResultDelegate
from app.gui.result_list import ResultList
from app.gui.results_model import location
from app.gui.search_bar import ALL, SearchBar
from app.gui.search_worker import SearchController
from app.gui.settings_dialog import SettingsDialog
from app.gui.theme import ThemeManager
from app.gui.tray import create_tray, tray_available
from app.gui.watching import FolderWatcher
from app.gui.widgets import Banner, plain_label, short_path

TITLE = "Kenning"
DEFAULT_SIZE = (1280, 800)
MESSAGE_MS = 5000
HINT = ("Type what the code does.\n\n↑/↓ move · Enter opens in your editor · "
        "Ctrl+C copies path:line · Ctrl+Shift+C copies the snippet · Esc clears")


def normalize_folder(path: str | Path) -> Path:
    """The form the indexer records a root in (absolute, ~ expanded, links kept)."""
    return Path(path).expanduser().absolute()


class MainWindow(QMainWindow):
    settings_applied = Signal(object)  # the Settings after the dialog's OK, saved and applied

    def __init__(self, config: EngineConfig, settings: Settings, theme: ThemeManager,
                 settings_file: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle(TITLE)
        self.setWindowIcon(app_icon())
        self.setAcceptDrops(True)
        self.config = config.with_settings(settings)
        self.settings = settings
        self._settings_file = settings_file
        self._theme = theme
        self._status: Status | None = None
        self._status_error = ""
        self._status_seen = False
        self._progress: JobProgress | None = None
        self._errors: dict[str, str] = {}
        # Root → "missing" or "empty": from the last status, then from finished jobs.
        self._absent: dict[str, str] = {}
        self._selected_chunk: int | None = None
        self._shown_query = ""
        self._quitting = False
        self._shut_down = False
        self._quick_handler: Callable[[], None] = self.bring_to_front
        # What the settings page says about the desktop-wide hotkey (set by the app).
        self.hotkey_status: HotkeyStatus | None = None

        self.engine = Engine(self._query_config())
        self.searches = SearchController(self.engine, self)
        self.index_queue = IndexQueue(self.config, self)
        self.watcher = FolderWatcher(self.config, self)

        self._build_widgets()
        self._build_actions()
        self._connect()
        self.tray = None
        self._update_tray()
        self._apply_search_settings()
        self._restore_geometry()
        self._refresh_folders()
        self._update_page()
        self.searches.refresh_status()

    @property
    def status(self) -> Status | None:
        """What the index held at the last status refresh (None: no index yet)."""
        return self._status

    @property
    def errors(self) -> dict[str, str]:
        """Folder → why its last indexing job failed (cleared when it is indexed again)."""
        return dict(self._errors)

    @property
    def status_seen(self) -> bool:
        """Whether the first status refresh has come back since the window opened."""
        return self._status_seen

    # -- construction ----------------------------------------------------------

    def _build_widgets(self) -> None:
        self.search_bar = SearchBar(self)
        self.banner = Banner(self)
        self.results = ResultList(ResultDelegate, self)
        self.results.setObjectName("results")
        self.results_model = self.results.results_model
        self.hint = plain_label(HINT, self, wrap=True)
        self.hint.setObjectName("results_hint")
        self.hint.setAlignment(Qt.AlignCenter)
        self.result_pages = QStackedWidget(self)
        self.result_pages.addWidget(self.hint)
        self.result_pages.addWidget(self.results)
        self.preview = PreviewPanel(self)

        split = QSplitter(Qt.Horizontal, self)
        split.addWidget(self.result_pages)
        split.addWidget(self.preview)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([420, 620])
        search_area = QWidget(self)
        column = QVBoxLayout(search_area)
        column.addWidget(self.search_bar)
        self.rebuild_button = QPushButton("Rebuild index", self)
        self.rebuild_button.setObjectName("rebuild_button")
        self.rebuild_button.setToolTip("Throw the index away and index its folders again; "
                                       "your files are not touched")
        self.rebuild_button.hide()
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.rebuild_button, 0, Qt.AlignTop)
        column.addLayout(banner_row)
        column.addWidget(split, 1)

        self.folders_panel = FoldersPanel(self)
        self.index_panel = IndexPanel(self)
        self.sidebar = QSplitter(Qt.Vertical, self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.addWidget(self.folders_panel)
        self.sidebar.addWidget(self.index_panel)
        self.sidebar.setSizes([300, 400])
        self.sidebar.setContentsMargins(8, 8, 0, 8)

        main = QSplitter(Qt.Horizontal, self)
        main.addWidget(self.sidebar)
        main.addWidget(search_area)
        main.setStretchFactor(1, 1)
        main.setSizes([300, 980])

        self.empty_state = EmptyState(self)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(main)
        self.setCentralWidget(self.pages)
        self.index_summary = plain_label("", self)
        self.statusBar().addPermanentWidget(self.index_summary)

        self._keys = ResultKeys(self, self)
        self.search_bar.query.installEventFilter(self._keys)
        self.results.installEventFilter(self._keys)

    def _action(self, text: str, slot: Callable[..., object],
                shortcut: str | QKeySequence | None = None,
                checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.add_folder_action = self._action("&Add folder…", self.show_add_folder_dialog,
                                              QKeySequence.Open)
        self.reindex_action = self._action("&Re-index all folders", self.reindex_all)
        self.pause_action = self._action("&Pause indexing", self.index_queue.set_paused,
                                         checkable=True)
        self.settings_action = self._action("&Settings…", self.show_settings,
                                            QKeySequence.Preferences)
        self.quit_action = self._action("&Quit", self.quit, QKeySequence.Quit)
        self.toggle_window_action = self._action("Show/Hide Kenning", self.toggle_visible)
        self.quick_search_action = self._action("Quick search", lambda: self._quick_handler())
        self.sidebar_action = self._action("Folders and index panel",
                                           self.sidebar.setVisible, "Ctrl+B", checkable=True)
        self.sidebar_action.setChecked(True)
        self._hotkey = QShortcut(self)
        self._hotkey.setContext(Qt.ApplicationShortcut)
        self._hotkey.activated.connect(lambda: self._quick_handler())

        menu = self.menuBar().addMenu("&File")
        for action in (self.add_folder_action, self.reindex_action, self.pause_action, None,
                       self.settings_action, None, self.quit_action):
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        self.menuBar().addMenu("&View").addAction(self.sidebar_action)

    def _connect(self) -> None:
        self.search_bar.changed.connect(self._search_changed)
        self.searches.started.connect(lambda: self.search_bar.summary.setText("Searching…"))
        self.searches.results.connect(self._show_results)
        self.searches.failed.connect(self._search_failed)
        self.searches.status_ready.connect(self._status_ready)
        self.searches.rebuild_needed.connect(self._offer_rebuild)
        self.rebuild_button.clicked.connect(self.rebuild_index)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.results.doubleClicked.connect(lambda _index: self.open_current())

        self.index_queue.job_started.connect(self._job_started)
        self.index_queue.progress.connect(self._job_progress)
        self.index_queue.job_finished.connect(self._job_finished)
        self.index_queue.job_failed.connect(self._job_failed)
        self.index_queue.idle.connect(self._queue_idle)
        self.index_queue.paused_changed.connect(self._paused_changed)
        self.index_queue.blocked.connect(self._update_watching)
        self.watcher.running_changed.connect(self.index_queue.set_held)
        self.watcher.status_changed.connect(self.index_panel.show_watch)
        self.watcher.batch_done.connect(self._watch_batch)
        self.watcher.problem.connect(lambda message: self.index_panel.add_error("watching",
                                                                                message))
        self.watcher.resumed.connect(lambda folder: self.index_panel.drop_errors(
            "watching", f"{folder} is "))  # "is gone", "is empty"

        self.folders_panel.add_requested.connect(self.show_add_folder_dialog)
        self.folders_panel.remove_requested.connect(self.remove_folder)
        self.index_panel.pause_toggled.connect(self.index_queue.set_paused)
        self.index_panel.reindex_requested.connect(self.reindex_all)
        self.empty_state.add_requested.connect(self.show_add_folder_dialog)
        self.empty_state.demo_requested.connect(self.index_demo)

    def _restore_geometry(self) -> None:
        geometry = QByteArray.fromBase64(self.settings.window_geometry.encode("ascii"))
        if geometry.isEmpty() or not self.restoreGeometry(geometry):
            self.resize(*DEFAULT_SIZE)

    # -- folders and indexing --------------------------------------------------

    def index_folders(self, paths: Iterable[str | Path]) -> None:
        """Remember `paths` and index them in the background (existing folders only)."""
        changed = False
        for raw in paths:
            folder = normalize_folder(raw)
            if not folder.is_dir():
                self.banner.show_message(f"{folder} is not a folder")
                continue
            changed |= self.settings.add_folder(folder)
            self._errors.pop(str(folder), None)
            self.index_queue.index(folder)
        if changed:
            self._save_settings()
        self._refresh_folders()
        self._update_page()
        self._update_watching()

    def index_demo(self) -> None:
        folder = demo_folder()
        if folder is not None:
            self.index_folders([folder])

    def remove_folder(self, path: str | Path) -> None:
        folder = normalize_folder(path)
        self.settings.remove_folder(folder)
        self._errors.pop(str(folder), None)
        self._save_settings()
        self.index_queue.remove(folder)
        self._update_watching()
        self._refresh_folders()
        self.statusBar().showMessage(f"Removing {short_path(folder)} from the index", MESSAGE_MS)

    def reindex_all(self) -> None:
        for folder in self.known_folders():
            self.index_queue.index(Path(folder))
        self.watcher.retry()
        self._update_watching()

    def rebuild_index(self) -> None:
        """Throw a damaged index (or one from another model) away, then index its folders
        and the remembered ones again; a file that held no index at all is kept aside."""
        self.rebuild_button.setEnabled(False)
        self._errors.clear()  # they were the damaged index's
        self.index_queue.rebuild()
        self._refresh_folders()

    def _offer_rebuild(self, why: str) -> None:
        self.banner.show_message(why)
        self.rebuild_button.show()

    def _rebuilt(self, event: dict) -> None:
        self._status = None
        self._set_rebuild_offered(False)
        kept = event.get("kept_as")
        if kept:
            self.statusBar().showMessage(
                f"{self.config.db_path} held no index; it was kept as {kept}", MESSAGE_MS)
        self.index_folders(sorted({*event.get("roots", ()), *self.settings.folders}))
        self.watcher.retry()  # it died on the damaged index

    def _set_rebuild_offered(self, offered: bool) -> None:
        self.rebuild_button.setVisible(offered)
        self.rebuild_button.setEnabled(True)

    def known_folders(self) -> list[str]:
        roots = [root.path for root in self._status.stats.roots] if self._status else []
        return sorted({*roots, *self.settings.folders})

    def show_add_folder_dialog(self) -> QFileDialog:
        """Open the folder chooser (window-modal, not blocking); the choice gets indexed."""
        dialog = QFileDialog(self, "Add a folder to index")
        dialog.setObjectName("add_folder_dialog")
        dialog.setFileMode(QFileDialog.Directory)
        dialog.setOption(QFileDialog.ShowDirsOnly, True)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self.index_folders([path]))
        dialog.open()
        return dialog

    def _refresh_folders(self) -> None:
        roots = self._status.stats.roots if self._status else []
        self.folders_panel.set_rows(folder_rows(
            roots, self.settings.folders, self.index_queue.current, self.index_queue.pending(),
            self._progress, self.index_queue.is_paused(), self._errors, self._absent))

    def _job_started(self, job: IndexJob) -> None:
        self._progress = None
        if job.kind is JobKind.REMOVE:
            self.index_panel.show_removing(str(job.folder))
        elif job.kind is JobKind.REBUILD:
            self.index_panel.show_rebuilding(str(job.folder))
        else:
            self.index_panel.show_progress(str(job.folder), None)
        self._refresh_folders()

    def _job_progress(self, progress: JobProgress) -> None:
        self._progress = progress
        self.index_panel.show_progress(str(progress.folder), progress)
        self._refresh_folders()

    def _job_finished(self, job: IndexJob, event: dict) -> None:
        self._progress = None
        if job.kind is JobKind.REBUILD:
            self._rebuilt(event)
            return
        folder = str(job.folder)
        self._absent.pop(folder, None)
        if job.kind is JobKind.REMOVE:
            message = f"Removed {short_path(job.folder)} from the index"
        elif event.get("cancelled"):
            message = f"Stopped indexing {short_path(job.folder)}"
        elif folder in event.get("missing_roots", ()):
            self._absent[folder] = "missing"
            message = f"{short_path(job.folder)} is missing (unmounted?): its index is kept"
        elif folder in event.get("empty_roots", ()):
            self._absent[folder] = "empty"
            message = (f"{short_path(job.folder)} is empty (an unmounted drive?): its index "
                       "is kept")
        else:
            message = (f"Indexed {short_path(job.folder)}: {event.get('files_indexed', 0)} "
                       f"files changed, {event.get('snippets_embedded', 0)} snippets embedded")
        self.statusBar().showMessage(message, MESSAGE_MS)
        self.searches.refresh_status()
        self._search_changed()

    def _job_failed(self, job: IndexJob, message: str) -> None:
        self._progress = None
        if job.kind is JobKind.REBUILD:
            self.rebuild_button.setEnabled(True)
            self.banner.show_message(f"The index was not rebuilt: {message}")
            return
        if self.index_queue.rebuilding():
            return  # it failed on the index that is being thrown away
        self._errors[str(job.folder)] = message
        self.index_panel.add_error(str(job.folder), message)
        self.banner.show_message(f"Indexing {short_path(job.folder)} failed: {message}")
        self.searches.refresh_status()

    def _queue_idle(self) -> None:
        self.index_panel.show_idle()
        self._refresh_folders()
        self._update_watching()

    def _paused_changed(self, paused: bool) -> None:
        self.index_panel.set_paused(paused)
        self.pause_action.blockSignals(True)
        self.pause_action.setChecked(paused)
        self.pause_action.blockSignals(False)
        if self.index_queue.is_busy() and self.index_queue.current is not None:
            self.index_panel.show_progress(str(self.index_queue.current.folder), self._progress)
        self._refresh_folders()
        if not paused:
            self.watcher.retry()
        self._update_watching()

    def _status_ready(self, status: Status | None, error: str) -> None:
        self._status, self._status_error = status, error
        self._absent = dict(status.absent_roots) if status else {}
        if error:
            self.banner.show_message(error)
        self.index_panel.set_status(status)
        self.index_summary.setText(status_text(status))
        roots = [root.path for root in status.stats.roots] if status else []
        self.search_bar.set_folders(roots)
        self.search_bar.set_languages(sorted(status.stats.languages) if status else [])
        if not self._status_seen:
            self._status_seen = True
            self._resume_unfinished(status)
            self._update_watching()
        self._refresh_folders()
        self._update_page()

    def _resume_unfinished(self, status: Status | None) -> None:
        """At start: index remembered folders the index lacks, finish interrupted ones."""
        roots = {root.path: root for root in status.stats.roots} if status else {}
        for folder in self.settings.folders:
            root = roots.get(folder)
            if (root is None or root.indexed_at is None) and Path(folder).is_dir():
                self.index_queue.index(Path(folder))

    # -- watching --------------------------------------------------------------

    def watched_folders(self) -> list[str]:
        """The folders the user added that exist: what the watcher follows."""
        return [folder for folder in self.settings.folders if Path(folder).is_dir()]

    def _update_watching(self) -> None:
        """Tell the watcher what to follow; it waits for indexing jobs and the first status.

        Watching starts once the start-up indexing (`_resume_unfinished`) is done,
        and its own first scan finds what changed while Kenning was closed.
        """
        if not self._status_seen:
            return
        self.watcher.configure(self.watched_folders(), self.config,
                               paused=self.index_queue.is_paused(),
                               waiting=self.index_queue.is_busy())

    def _watch_batch(self, event: dict) -> None:
        """The watcher committed a batch: refresh the counts and the search on screen."""
        changed = sum(int(event.get(key, 0)) for key in ("indexed", "moved", "removed"))
        if not changed and not event.get("skipped"):
            return
        self.searches.refresh_status()
        if self.search_bar.query.text().strip():
            self._search_changed()  # the same query again keeps the user's place
        if changed:
            files = f"{changed} file{'s' if changed != 1 else ''}"
            self.statusBar().showMessage(f"Index updated: {files} changed on disk", MESSAGE_MS)

    def _update_page(self) -> None:
        has_folders = bool(self.settings.folders or self.index_queue.is_busy()
                           or (self._status and self._status.stats.roots))
        page = 1 if has_folders or self._status_error else 0
        if page != self.pages.currentIndex():
            self.pages.setCurrentIndex(page)
            (self.search_bar.query if page else self.empty_state.add_button).setFocus()

    # -- searching -------------------------------------------------------------

    def _apply_search_settings(self) -> None:
        for widget in (self.search_bar.bias, self.search_bar.mode):
            widget.blockSignals(True)
        self.search_bar.bias.setChecked(self.settings.use_bias)
        self.search_bar.set_mode(self.settings.search_mode)
        for widget in (self.search_bar.bias, self.search_bar.mode):
            widget.blockSignals(False)
        self._hotkey.setKey(QKeySequence(self.settings.hotkey))

    def _search_changed(self) -> None:
        request = self.search_bar.request(self.settings.max_results)
        mode, bias = request.mode.value, request.use_bias
        if (mode, bias) != (self.settings.search_mode, self.settings.use_bias):
            self.settings.search_mode, self.settings.use_bias = mode, bias
            self._save_settings()
        self.searches.search(request)

    def _show_results(self, response: SearchResponse) -> None:
        if response.request.query.strip():  # the index answered: earlier trouble is over
            self.banner.clear_message()
            self._set_rebuild_offered(False)
        results = response.results
        query = response.request.query
        self.results_model.set_results(results)
        if not query:
            self.hint.setText(HINT)
            self.search_bar.summary.setText("")
        elif not results:
            self.hint.setText(f"No results for “{query}”.")
        if query:
            count = f"{len(results)} result{'s' if len(results) != 1 else ''}"
            self.search_bar.summary.setText(f"{count} · {response.elapsed_ms:.0f} ms")
        self.result_pages.setCurrentIndex(1 if results else 0)
        # A new query starts at its top hit; the same one run again (the index
        # changed) keeps the user's place.
        rows = [r.chunk_id for r in results]
        same_query = response.request.query == self._shown_query
        self._shown_query = response.request.query
        if results:
            keep = same_query and self._selected_chunk in rows
            self.results.select_row(rows.index(self._selected_chunk) if keep else 0)
        else:
            self.preview.show_result(None)

    def _search_failed(self, message: str) -> None:
        self.results_model.set_results([])
        self.result_pages.setCurrentIndex(0)
        self.hint.setText("The search failed: see the message above.")
        self.search_bar.summary.setText("")
        self.preview.show_result(None)
        self.banner.show_message(message)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        result = self.results_model.result(current.row())
        self._selected_chunk = result.chunk_id if result else None
        self.preview.show_result(result)

    def current_result(self) -> SearchResult | None:
        return self.results.current_result()

    def show_result(self, query: str, result: SearchResult) -> None:
        """Come up searching `query` in all folders, `result` selected and in the preview.

        The quick popup's Ctrl+Enter. The preview shows `result` at once; the
        search (up to max_results, so it includes the popup's few) keeps it
        selected when it comes back, as a re-run of the shown query does.
        """
        self.search_bar.select_folder(ALL)
        self.search_bar.select_language(ALL)
        self._shown_query, self._selected_chunk = query, result.chunk_id
        self.preview.show_result(result)
        if self.search_bar.query.text() == query:
            self._search_changed()
        else:
            self.search_bar.query.setText(query)
        self.bring_to_front()

    # -- ResultActions (keyboard) ------------------------------------------------

    def move_selection(self, delta: int) -> None:
        self.results.move_selection(delta)

    def open_current(self) -> None:
        result = self.current_result()
        if result is None:
            return
        try:
            argv = open_in_editor(Path(result.path), result.start_line,
                                  self.settings.editor_command)
        except KenningError as exc:
            self.banner.show_message(str(exc))
            return
        self.statusBar().showMessage(f"Opened {location(result)} with {argv[0]}", MESSAGE_MS)

    def copy_location(self) -> None:
        result = self.current_result()
        if result is not None:
            QGuiApplication.clipboard().setText(location(result))
            self.statusBar().showMessage(f"Copied {location(result)}", MESSAGE_MS)

    def copy_snippet(self) -> None:
        result = self.current_result()
        if result is not None:
            QGuiApplication.clipboard().setText(result.text)
            self.statusBar().showMessage("Copied the snippet", MESSAGE_MS)

    def clear_search(self) -> None:
        self.search_bar.query.clear()
        self.search_bar.query.setFocus()

    # -- settings, theme, tray ---------------------------------------------------

    def show_settings(self) -> SettingsDialog:
        """Open the settings dialog (window-modal, not blocking); OK saves and applies."""
        dialog = SettingsDialog(self.settings, tray_available(), self, self.hotkey_status)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.edited()))
        dialog.open()
        return dialog

    def apply_settings(self, settings: Settings) -> None:
        theme_changed = settings.theme != self.settings.theme
        self.settings = settings
        self._save_settings()
        if theme_changed:
            self._theme.apply(settings.theme)  # the code view recolours on the palette change
        self._apply_engine_settings()
        self._apply_search_settings()
        self._update_tray()
        self._search_changed()
        self._update_watching()
        self.settings_applied.emit(settings)

    def _query_config(self) -> EngineConfig:
        # A query is a few tokens: one model thread is as fast and never
        # competes with the indexing process for cores.
        return replace(self.config, threads=self.config.threads or 1)

    def _apply_engine_settings(self) -> None:
        """Model and ignore patterns go to every part of the engine, as for the CLI."""
        config = self.config.with_settings(self.settings)
        if config == self.config:
            return
        model_changed = config.model_path != self.config.model_path
        self.config = config
        self.engine.reconfigure(self._query_config())
        self.index_queue.set_config(config)
        if model_changed:
            self.searches.refresh_status()

    def _save_settings(self) -> None:
        try:
            save_settings(self.settings, self._settings_file)
        except KenningError as exc:
            self.banner.show_message(str(exc))

    def _update_tray(self) -> None:
        if self.settings.tray_icon and self.tray is None:
            self.tray = create_tray(
                app_icon(), [self.toggle_window_action, self.quick_search_action,
                             self.pause_action, None, self.quit_action],
                self.toggle_window_action, self)
        elif not self.settings.tray_icon and self.tray is not None:
            self.tray.hide()
            self.tray.deleteLater()
            self.tray = None

    def toggle_visible(self) -> None:
        if self.isVisible() and not self.isMinimized():
            self.hide()
        else:
            self.bring_to_front()

    def route_quick_search(self, handler: Callable[[], None]) -> None:
        """Send "Quick search" (tray menu, the hotkey inside the window) to `handler`.

        The app routes them to the quick-search popup; a bare window (tests)
        just comes to the front.
        """
        self._quick_handler = handler

    def bring_to_front(self) -> None:
        """Bring the window up with the query selected, ready to type over."""
        self.showNormal()
        self.raise_()
        self.activateWindow()
        self.search_bar.query.setFocus()
        self.search_bar.query.selectAll()

    # -- drag and drop -----------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if folders_from_mime(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        folders = folders_from_mime(event.mimeData())
        if folders:
            event.acceptProposedAction()
            self.index_folders(folders)

    # -- closing ---------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None and self.settings.close_to_tray and not self._quitting:
            event.ignore()
            self.hide()
            if self.index_queue.is_busy():
                self.tray.showMessage("Kenning", "Still indexing in the background.")
            return
        self.shutdown()
        event.accept()

    def quit(self) -> None:
        """Really quit (the tray's "Quit", Ctrl+Q, SIGTERM): no hiding in the tray."""
        self._quitting = True
        if self.close():
            QApplication.quit()

    def shutdown(self) -> None:
        """Stop the workers and remember the window's place. Safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        self.settings.window_geometry = bytes(
            self.saveGeometry().toBase64().data()).decode("ascii")
        self._save_settings()
        self.searches.shutdown()
        self.preview.stop()
        self.watcher.shutdown()
        self.index_queue.shutdown()
        if self.tray is not None:
            self.tray.hide()
