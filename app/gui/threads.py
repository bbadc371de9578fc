"""A worker QObject on its own QThread, and a clean way to stop it.

A QThread destroyed while it runs aborts the whole process, so every worker
thread is quit and joined before its owner goes away (`stop`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread

log = logging.getLogger(__name__)

STOP_WAIT_MS = 10_000


class WorkerThread:
    def __init__(self, worker: QObject, name: str, parent: QObject,
                 on_finish: Callable[[], None] | None = None) -> None:
        """Move `worker` to a new thread and start it; `on_finish` runs in that thread last."""
        self.worker = worker
        self.thread = QThread(parent)
        self.thread.setObjectName(name)
        worker.moveToThread(self.thread)
        if on_finish is not None:
            self.thread.finished.connect(on_finish, Qt.DirectConnection)
        self.thread.start()

    def stop(self) -> None:
        self.thread.quit()
        if not self.thread.wait(STOP_WAIT_MS):
            log.warning("thread %s did not stop in time", self.thread.objectName())
