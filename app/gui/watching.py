"""The window's folder watcher: `app.core.processes.watch_child` in a child process, one at a time.

The window says what it wants (`configure`: the folders, the ignore patterns,
paused or not, indexing jobs waiting or not) and the watcher makes it so:
when the wish changes, the running child is asked to stop (end of its stdin,
and SIGTERM where there is one; it finishes the file in hand) and once it has
ended, a child for the new wish starts. Its start-up scan finds whatever
changed while no child watched. Only `shutdown` waits, and for a bounded time.

The index has two writers in the window: the indexing jobs and this watcher.
They never write together: `running_changed` says when a child is alive and
the window holds the job queue meanwhile (IndexQueue.set_held).
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QObject, QProcess, QTimer, Signal

from app.core.engine import EngineConfig
from app.core.logs import log_path
from app.core.watching.state import POLLING, RootWatch
from app.gui.child_process import engine_args, log_stderr, python_child, read_events, start_module

log = logging.getLogger(__name__)

STOP_GRACE_MS = 10_000
KILL_WAIT_MS = 2000


class WatchPhase(StrEnum):
    OFF = "off"            # no folders to watch
    PAUSED = "paused"
    WAITING = "waiting"    # indexing jobs go first; watching follows
    STARTING = "starting"
    SCANNING = "scanning"  # looking for changes made while nothing watched
    WATCHING = "watching"
    INDEXING = "indexing"  # a batch of changes
    FAILED = "failed"


@dataclass(frozen=True)
class WatchStatus:
    phase: WatchPhase
    folders: tuple[str, ...] = ()
    watches: tuple[RootWatch, ...] = ()  # how each folder is watched (polling: why, the fix)
    changes: int = 0       # paths in the batch being indexed
    files_done: int = 0
    files_total: int = 0
    error: str = ""

    @property
    def polled(self) -> list[RootWatch]:
        return [w for w in self.watches if w.mode == POLLING]


@dataclass(frozen=True)
class _Wish:
    folders: tuple[str, ...]
    config: EngineConfig


class FolderWatcher(QObject):
    status_changed = Signal(object)   # WatchStatus
    batch_done = Signal(dict)         # the child's "batch" event (see app.core.watching.printer)
    problem = Signal(str)             # an error the child reported
    resumed = Signal(str)             # a watched folder that was gone is back, watched again
    running_changed = Signal(bool)    # whether a child is alive (writing to the index or may)

    def __init__(self, config: EngineConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wish = _Wish((), config)
        self._paused = False
        self._waiting = False
        self._failed: _Wish | None = None  # the wish the last child died on: not retried as is
        self._error = ""
        self._process: QProcess | None = None
        self._running: _Wish | None = None
        self._stopping = False
        self._closed = False
        self._status = WatchStatus(WatchPhase.OFF)
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._kill)

    # -- state -----------------------------------------------------------------

    @property
    def status(self) -> WatchStatus:
        return self._status

    def pid(self) -> int | None:
        """The child's process id while one is alive."""
        return self._process.processId() if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None

    # -- commands --------------------------------------------------------------

    def configure(self, folders: Iterable[str], config: EngineConfig, *, paused: bool,
                  waiting: bool) -> None:
        """Watch `folders` with `config`'s model and ignore patterns (nothing while
        `paused` or while indexing jobs are `waiting`); a change restarts the child."""
        self._wish = _Wish(tuple(sorted(folders)), config)
        self._paused, self._waiting = paused, waiting
        self._reconcile()

    def retry(self) -> None:
        """Try again after a child failed (it is not restarted on its own)."""
        self._failed = None
        self._reconcile()

    def shutdown(self) -> None:
        """Stop the child now (the window is closing): ask, wait a little, then kill.

        No child starts after this, and no signal is sent: the window is going away.
        """
        self.blockSignals(True)
        self._closed = True
        process = self._process
        if process is None:
            return
        self._stopping = True
        _ask_to_stop(process)
        if not process.waitForFinished(STOP_GRACE_MS):
            process.kill()
            process.waitForFinished(KILL_WAIT_MS)
        self._process, self._running = None, None
        self._kill_timer.stop()

    # -- internals -------------------------------------------------------------

    def _target(self) -> _Wish | None:
        if (self._paused or self._waiting or not self._wish.folders
                or self._wish == self._failed):
            return None
        return self._wish

    def _reconcile(self) -> None:
        if self._closed:
            return
        target = self._target()
        if self._process is None:
            if target is not None:
                self._start(target)
                return
        elif target != self._running and not self._stopping:
            self._stopping = True
            _ask_to_stop(self._process)
            self._kill_timer.start(STOP_GRACE_MS)
        if self._process is None or self._stopping:
            self._set_status(self._resting_status())

    def _resting_status(self) -> WatchStatus:
        """What to show while no child reports (none runs, or it is stopping)."""
        folders = self._wish.folders
        if not folders:
            phase = WatchPhase.OFF
        elif self._wish == self._failed:
            return WatchStatus(WatchPhase.FAILED, folders, error=self._error)
        elif self._paused:
            phase = WatchPhase.PAUSED
        elif self._waiting:
            phase = WatchPhase.WAITING
        else:
            phase = WatchPhase.STARTING  # a child for the new wish follows the stopping one
        return WatchStatus(phase, folders)

    def _start(self, wish: _Wish) -> None:
        process = python_child(self)
        process.readyReadStandardOutput.connect(self._read_output)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self._process, self._running, self._stopping, self._error = process, wish, False, ""
        self._set_status(WatchStatus(WatchPhase.STARTING, wish.folders))
        self.running_changed.emit(True)
        start_module(process, "app.core.processes.watch_child",
                     [*engine_args(wish.config), *wish.folders])

    def _read_output(self) -> None:
        if self._process is None:
            return
        for event in read_events(self._process, "watching"):
            kind = event.get("event")
            if kind == "batch":
                self.batch_done.emit(event)
            elif kind == "error":
                self._error = str(event.get("message", ""))
                self.problem.emit(self._error)
            elif kind == "resumed":
                self._error = ""
                self.resumed.emit(str(event.get("path", "")))
            elif not self._stopping:
                self._follow(kind, event)

    def _follow(self, kind: object, event: dict) -> None:
        """Keep the status in line with the child's report."""
        status = self._status
        if kind == "watch":
            watch = RootWatch(**{f.name: event[f.name] for f in dataclasses.fields(RootWatch)
                                 if f.name in event})
            watches = (*(w for w in status.watches if w.path != watch.path), watch)
            status = dataclasses.replace(status, watches=watches)
        elif kind == "indexing":
            status = dataclasses.replace(status, changes=int(event.get("paths", 0)),
                                         files_done=0, files_total=0)
        elif kind == "progress":
            status = dataclasses.replace(status, files_done=int(event.get("files_done", 0)),
                                         files_total=int(event.get("files_total", 0)))
        elif kind == "state":
            status = dataclasses.replace(status, phase=self._phase(str(event.get("state"))))
        self._set_status(status)

    def _phase(self, state: str) -> WatchPhase:
        """The child's state as a phase; the start-up scan's batches show as the scan."""
        if state == "indexing" and self._status.phase in (WatchPhase.STARTING,
                                                          WatchPhase.SCANNING):
            return WatchPhase.SCANNING
        try:
            phase = WatchPhase(state)
        except ValueError:
            return self._status.phase
        return self._status.phase if phase in (WatchPhase.FAILED, WatchPhase.OFF) else phase

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.FailedToStart and self._process is not None:
            self._ended(f"cannot start watching: {self._process.errorString()}")

    def _on_finished(self, exit_code: int, status: QProcess.ExitStatus) -> None:
        if self._process is None:
            return
        self._read_output()
        log_stderr(self._process, "watching")
        message = ""
        if not self._stopping:
            how = "crashed" if status == QProcess.CrashExit else f"exited with code {exit_code}"
            message = self._error or f"the watching process {how}; details in {log_path()}"
        self._ended(message)

    def _ended(self, message: str) -> None:
        """The child is gone; `message` says why if nobody asked it to go."""
        process, wish = self._process, self._running
        self._process, self._running, self._stopping = None, None, False
        self._kill_timer.stop()
        if process is not None:
            process.deleteLater()
        if message:
            log.warning("watching stopped: %s", message)
            self._failed, self._error = wish, message
        self.running_changed.emit(False)
        self._reconcile()

    def _kill(self) -> None:
        if self._process is not None and self._stopping:
            log.warning("the watching process did not stop within %d ms: killed", STOP_GRACE_MS)
            self._process.kill()

    def _set_status(self, status: WatchStatus) -> None:
        if status != self._status:
            self._status = status
            self.status_changed.emit(status)


def _ask_to_stop(process: QProcess) -> None:
    """End of input stops the child (also if the window dies); SIGTERM does it sooner."""
    process.closeWriteChannel()
    if os.name == "posix":
        process.terminate()
