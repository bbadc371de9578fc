"""An exception in one of the window's slots: logged with its traceback, told in one line,
and survived. Without this, Qt's Python bindings print the traceback to a terminal that a
desktop app does not have, and the user sees nothing happen."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from app.core.logs import log_path

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def install(show: Callable[[str], None]) -> ExceptHook:
    """Make uncaught exceptions log and `show` a short message; returns the hook replaced
    (put it back with `sys.excepthook = ...` when the window is gone)."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, trace)
            return
        log.error("unexpected error in the window", exc_info=(kind, error, trace))
        show(f"Something went wrong ({kind.__name__}: {error}). Kenning keeps running; "
             f"the details are in {log_path()}.")

    sys.excepthook = hook
    return previous
