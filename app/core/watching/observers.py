"""The watchdog observers of one service: native events where they work, polling elsewhere.

Per watched folder, in order: polling if asked for or if its file system sends
no events (mounts.py); else native events, falling back to polling when the
OS runs out of inotify watches or instances (inotify.py). Polling uses
watchdog's PollingObserverVFS over the walker's rules, so ignored folders
cost nothing, and it still reports moves (by inode) so renames keep vectors.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserverVFS

from app.core.paths import has_entries
from app.core.watching.filter import EventFilter
from app.core.watching.inotify import WATCH_LIMIT_HINT, limit_reason, unwatched_folder
from app.core.watching.mounts import eventless_reason
from app.core.watching.state import NATIVE, POLLING, RootWatch

log = logging.getLogger(__name__)

INOTIFY = sys.platform.startswith("linux")
# watchdog rebuilds its watches after the kernel's event queue overflowed, but
# tells nobody which events were lost: only this log record does.
OVERFLOW_LOGGER = "watchdog.observers.inotify_c"
# How long `stop` waits for watchdog's threads. They are daemon threads, so one stuck
# in a system call (watchdog issue 1132: a stop racing a start) must not keep Kenning
# from exiting: it is logged and left behind.
STOP_TIMEOUT = 5.0


class _OverflowAlarm(logging.Handler):
    def __init__(self, on_overflow: Callable[[], None]) -> None:
        super().__init__(logging.WARNING)
        self.on_overflow = on_overflow

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage():
            self.on_overflow()


class Watchers:
    """Schedules folders; `watch` and `recheck` run on the service thread only."""

    def __init__(self, handler: FileSystemEventHandler, paths: EventFilter, *,
                 poll_interval: float, force_polling: bool,
                 on_overflow: Callable[[], None]) -> None:
        self.handler = handler
        self.paths = paths
        self.force_polling = force_polling
        self.polling = PollingObserverVFS(os.stat, paths.scandir, polling_interval=poll_interval)
        self.polling.start()
        self._native: BaseObserver | None = None
        self._native_watches: dict[Path, ObservedWatch] = {}
        self._polled: dict[Path, ObservedWatch] = {}
        self._folders: list[Path] = []
        self._identity: dict[Path, tuple[int, int] | None] = {}  # (device, inode) when watched
        self._alarm = _OverflowAlarm(on_overflow)
        logging.getLogger(OVERFLOW_LOGGER).addHandler(self._alarm)

    def watch(self, folder: Path) -> RootWatch:
        """Start watching `folder` (recursively) and say how."""
        if folder not in self._folders:
            self._folders.append(folder)
        self._identity[folder] = _identity(folder)
        reason = "polling was asked for" if self.force_polling else eventless_reason(folder)
        hint: str | None = None
        if reason is None:
            try:
                self._watch_natively(folder)
                return RootWatch(str(folder), NATIVE)
            except OSError as exc:
                limit = limit_reason(exc)
                if limit is None:
                    raise
                reason, hint = limit
        self._poll(folder)
        return RootWatch(str(folder), POLLING, reason, hint)

    def ended(self) -> list[Path]:
        """The folders whose watch has ended: watchdog ends it when the folder is deleted
        (or none was made: the folder was deleted again while `rewatch` ran)."""
        return [folder for folder in self._folders
                if not (_running(self._native, self._native_watches.get(folder))
                        or _running(self.polling, self._polled.get(folder)))]

    def replaced(self) -> list[Path]:
        """The folders moved away and replaced by another at their path (`mv proj old;
        mkdir proj`), once the new one holds something: their watch follows the old
        folder. Not an empty one: that is what an unmounted drive leaves behind, and
        watching it again would scan it and empty its index."""
        out = []
        for folder in self._folders:
            now = _identity(folder)
            if now is not None and now != self._identity.get(folder) and has_entries(folder):
                out.append(folder)
        return out

    def rewatch(self, folder: Path) -> RootWatch:
        """Watch `folder` anew (its watch has ended or follows a folder moved away), as
        `watch` does."""
        self._unwatch_natively(folder)
        polled = self._polled.pop(folder, None)
        if polled is not None:
            self.polling.unschedule(polled)
        return self.watch(folder)

    def _poll(self, folder: Path) -> None:
        self._polled[folder] = self.polling.schedule(self.handler, str(folder), recursive=True)

    def _watch_natively(self, folder: Path) -> None:
        if self._native is None:
            observer = Observer()  # may raise: the inotify instance limit
            observer.start()
            self._native = observer
        watch = self._native.schedule(self.handler, str(folder), recursive=True)
        self._native_watches[folder] = watch
        self._check_coverage(folder, folder)

    def _check_coverage(self, folder: Path, under: Path) -> None:
        """Raise ENOSPC if some folder below `under` got no inotify watch."""
        missing = unwatched_folder(under) if INOTIFY else None
        if missing is not None:
            self._unwatch_natively(folder)
            raise OSError(28, f"no inotify watch for {missing}")

    def _unwatch_natively(self, folder: Path) -> None:
        watch = self._native_watches.pop(folder, None)
        if watch is not None and self._native is not None:
            self._native.unschedule(watch)

    def recheck(self, created: list[Path]) -> list[RootWatch]:
        """Folders created since: did they get a watch? Switch their roots to polling if not.

        watchdog adds a watch for each new folder and, at the limit, fails in silence.
        """
        switched = []
        for folder in list(self._native_watches):
            fresh = [c for c in created if folder in c.parents]
            try:
                for path in fresh:
                    if path.is_dir():
                        self._check_coverage(folder, path)
            except OSError:
                self._poll(folder)
                switched.append(RootWatch(str(folder), POLLING,
                                          "the inotify watch limit is reached", WATCH_LIMIT_HINT))
        return switched

    def native_folders(self) -> list[Path]:
        return list(self._native_watches)

    def stop(self) -> None:
        logging.getLogger(OVERFLOW_LOGGER).removeHandler(self._alarm)
        for observer in (self._native, self.polling):
            if observer is not None:
                observer.stop()
        deadline = time.monotonic() + STOP_TIMEOUT
        for observer in (self._native, self.polling):
            if observer is not None:
                observer.join(max(0.0, deadline - time.monotonic()))
                if observer.is_alive():
                    log.warning("the %s file watcher did not stop within %.0f s; "
                                "exiting without it", type(observer).__name__, STOP_TIMEOUT)


def _running(observer: BaseObserver | None, watch: ObservedWatch | None) -> bool:
    return observer is not None and watch is not None and any(
        emitter.watch == watch and emitter.should_keep_running()
        for emitter in list(observer.emitters))


def _identity(folder: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino
