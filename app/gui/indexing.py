"""The window's side of indexing: a queue of jobs, each run in a child process.

One job at a time (index or remove one folder), so writes to the index never
race each other; and none while the queue is held (the folder watcher, the
index's other writer, is running: see app.gui.watching). The child is
`app.core.processes.index_child` (see there for why a process and for the protocol).
Everything here runs on the UI thread without ever blocking it: QProcess
delivers output and exit through the event loop.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, Signal

from app.core.engine import EngineConfig
from app.core.logs import log_path
from app.gui.child_process import (
    engine_args,
    log_stderr,
    python_child,
    read_events,
    start_module,
)

CANCEL_GRACE_MS = 3000
KILL_WAIT_MS = 2000


class JobKind(StrEnum):
    INDEX = "index"
    REMOVE = "remove"
    REBUILD = "rebuild"  # the folder is the index file


@dataclass(frozen=True)
class IndexJob:
    kind: JobKind
    folder: Path


@dataclass(frozen=True)
class JobProgress:
    """One progress report of the running job, as the child sent it."""

    folder: Path
    files_done: int = 0
    files_total: int = 0
    snippets: int = 0
    current: str = ""
    files_per_second: float = 0.0
    snippets_per_second: float = 0.0
    eta: float | None = None
    embed_total: int = 0  # set once every file is written: the snippets to embed

    @property
    def embedding(self) -> bool:
        return self.embed_total > 0

    @property
    def fraction(self) -> float:
        """How far the current phase is (files written, then snippets embedded)."""
        if self.embedding:
            return min(self.snippets / self.embed_total, 1.0)
        return self.files_done / self.files_total if self.files_total else 0.0


def index_threads(config: EngineConfig) -> int:
    """Model threads for background indexing: all cores but one, unless set.

    The window, its searches and the rest of the desktop keep a core to
    themselves while a large folder indexes.
    """
    return config.threads or max(1, (os.cpu_count() or 2) - 1)


class IndexQueue(QObject):
    """Runs index/remove jobs one after the other in child processes."""

    job_started = Signal(object)            # IndexJob
    progress = Signal(object)               # JobProgress
    job_finished = Signal(object, dict)     # IndexJob, the child's "done" event
    job_failed = Signal(object, str)        # IndexJob, one line for the user
    paused_changed = Signal(bool)
    idle = Signal()
    blocked = Signal()                      # a job waits for the hold to be lifted

    def __init__(self, config: EngineConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self._pending: deque[IndexJob] = deque()
        self._current: IndexJob | None = None
        self._process: QProcess | None = None
        self._outcome: tuple[str, dict] | None = None
        self._paused = False
        self._held = False

    # -- state -----------------------------------------------------------------

    @property
    def current(self) -> IndexJob | None:
        return self._current

    def pending(self) -> list[IndexJob]:
        return list(self._pending)

    def is_busy(self) -> bool:
        """Whether a job runs or waits to run."""
        return self._current is not None or bool(self._pending)

    def is_paused(self) -> bool:
        return self._paused

    # -- commands --------------------------------------------------------------

    def enqueue(self, job: IndexJob) -> None:
        if job == self._current or job in self._pending:
            return
        self._pending.append(job)
        self._start_next()

    def index(self, folder: Path) -> None:
        self.enqueue(IndexJob(JobKind.INDEX, folder))

    def rebuild(self) -> None:
        """Throw the index away (its "done" event names its folders); what runs or waits
        is stopped or dropped, since it was for the index that goes."""
        self.cancel_all()
        self.enqueue(IndexJob(JobKind.REBUILD, self._config.db_path))

    def rebuilding(self) -> bool:
        """Whether a rebuild runs or waits to run."""
        return any(job.kind is JobKind.REBUILD for job in (self._current, *self._pending)
                   if job is not None)

    def remove(self, folder: Path) -> None:
        """Forget `folder`: drop its queued indexing, stop it if running, then remove it."""
        self._pending = deque(j for j in self._pending if j.folder != folder)
        if self._current == IndexJob(JobKind.INDEX, folder):
            self._cancel_current()
        self.enqueue(IndexJob(JobKind.REMOVE, folder))

    def set_paused(self, paused: bool) -> None:
        """Pause or resume; a job started while paused starts paused."""
        if paused == self._paused:
            return
        self._paused = paused
        self._send("pause" if paused else "resume")
        self.paused_changed.emit(paused)

    def set_config(self, config: EngineConfig) -> None:
        """Jobs started from now on use `config` (model, ignore patterns): settings changed."""
        self._config = config

    def set_held(self, held: bool) -> None:
        """Hold back the next job (the running one is not touched) or let it start."""
        self._held = held
        self._start_next()

    def cancel_all(self) -> None:
        self._pending.clear()
        self._cancel_current()

    def shutdown(self) -> None:
        """Stop everything now (window closing): cancel, wait a little, then kill.

        Signals are blocked first: the window is going away and must not be
        told about jobs ending while it is being torn down.
        """
        self.blockSignals(True)
        self.cancel_all()
        process = self._process
        if process is None:
            return
        if not process.waitForFinished(CANCEL_GRACE_MS):
            process.kill()
            process.waitForFinished(KILL_WAIT_MS)

    # -- the child process -----------------------------------------------------

    def _command(self, job: IndexJob) -> list[str]:
        paused = ["--paused"] if self._paused else []  # not a command: it could come late
        return [*engine_args(self._config), *paused,
                "--threads", str(index_threads(self._config)), job.kind.value, str(job.folder)]

    def _start_next(self) -> None:
        if self._current is not None or not self._pending:
            return
        if self._held:
            self.blocked.emit()
            return
        job = self._pending.popleft()
        self._current = job
        self._outcome = None
        process = python_child(self)
        process.readyReadStandardOutput.connect(self._read_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process = process
        start_module(process, "app.core.processes.index_child", self._command(job))
        self.job_started.emit(job)

    def _send(self, command: str) -> None:
        if self._process is not None and self._process.state() != QProcess.NotRunning:
            self._process.write(f"{command}\n".encode())

    def _cancel_current(self) -> None:
        if self._process is None:
            return
        self._send("cancel")
        self._process.closeWriteChannel()

    def _read_output(self) -> None:
        process = self._process
        if process is None or self._current is None:
            return
        for event in read_events(process, "indexing"):
            kind = event.pop("event", None)
            if kind == "progress":
                self.progress.emit(_progress(event))
            elif kind in ("done", "error"):
                self._outcome = (kind, event)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.FailedToStart and self._current is not None:
            message = self._process.errorString() if self._process else str(error)
            self._outcome = ("error", {"message": f"cannot start indexing: {message}"})
            self._finish()

    def _on_finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        self._read_output()
        if self._process is not None:
            log_stderr(self._process, "indexing")
        if self._outcome is None:
            how = "crashed" if status == QProcess.CrashExit else f"exited with code {exit_code}"
            self._outcome = ("error", {"message": (
                f"the indexing process {how}; details in {log_path()}")})
        self._finish()

    def _finish(self) -> None:
        job, outcome, process = self._current, self._outcome, self._process
        self._current, self._process, self._outcome = None, None, None
        if process is not None:
            process.deleteLater()
        if job is not None and outcome is not None:
            kind, event = outcome
            if kind == "done":
                self.job_finished.emit(job, event)
            else:
                self.job_failed.emit(job, str(event.get("message", "indexing failed")))
        self._start_next()
        if not self.is_busy():
            self.idle.emit()


def _progress(event: dict) -> JobProgress:
    eta = event.get("eta")
    return JobProgress(
        folder=Path(str(event.get("folder", ""))),
        files_done=int(event.get("files_done", 0)),
        files_total=int(event.get("files_total", 0)),
        snippets=int(event.get("snippets", 0)),
        current=str(event.get("current", "")),
        files_per_second=float(event.get("files_per_second", 0.0)),
        snippets_per_second=float(event.get("snippets_per_second", 0.0)),
        eta=float(eta) if isinstance(eta, int | float) else None,
        embed_total=int(event.get("embed_total", 0)),
    )
