"""Ctrl+C and SIGTERM close the window cleanly, even while Qt's event loop runs.

Python runs signal handlers only between bytecodes, and the main thread sits
in Qt's C++ event loop, so a handler alone would wait for the next Python
callback. `signal.set_wakeup_fd` makes the C-level handler write to a socket
that a QSocketNotifier watches: the event loop wakes at once and we quit the
normal way (workers stopped, settings saved).
"""

from __future__ import annotations

import contextlib
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier

SIGNALS = tuple(s for s in (signal.SIGINT, getattr(signal, "SIGTERM", None)) if s is not None)


class SignalWatcher(QObject):
    def __init__(self, on_signal: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._on_signal = on_signal
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Read, self)
        self._notifier.activated.connect(self._wake)
        self._old_fd = signal.set_wakeup_fd(self._writer.fileno())
        # A Python-level handler must be installed for the wakeup fd to be written.
        self._old_handlers = {sig: signal.signal(sig, lambda *_: None) for sig in SIGNALS}

    def _wake(self) -> None:
        with contextlib.suppress(OSError):
            self._reader.recv(256)
        self._on_signal()

    def restore(self) -> None:
        """Put the previous handlers back (before the event loop is gone)."""
        self._notifier.setEnabled(False)
        signal.set_wakeup_fd(self._old_fd)
        for sig, handler in self._old_handlers.items():
            signal.signal(sig, handler)
        self._reader.close()
        self._writer.close()
