"""Turn watchdog events into pending paths and moves.

Editors save in many ways (write in place; write a temporary file and rename
it over the original; rename the original to a backup and write a new one).
Whatever the dance, only paths the index cares about are queued, so the
temporary and backup files cost nothing and the real file is looked at once.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED_NO_WRITE,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    EVENT_TYPE_OPENED,
    FileSystemEvent,
    FileSystemEventHandler,
)

from app.core.files.rules import IGNORE_FILES
from app.core.watching.filter import EventFilter
from app.core.watching.queue import ChangeQueue

log = logging.getLogger(__name__)


class ChangeHandler(FileSystemEventHandler):
    """Runs on the observer threads: filter, then queue. Never touches the index."""

    def __init__(self, paths: EventFilter, queue: ChangeQueue) -> None:
        self.paths = paths
        self.queue = queue

    def on_any_event(self, event: FileSystemEvent) -> None:
        # An exception here would end watchdog's observer thread, and with it every later
        # change of the folder, while the watch goes on saying it watches: log and go on.
        try:
            self._handle(event)
        except Exception:
            log.exception("could not handle %s of %s", event.event_type, event.src_path)

    def _handle(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind in (EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE):
            return
        if kind == EVENT_TYPE_MODIFIED and event.is_directory:
            return  # a folder's listing changed: its entries have events of their own
        src = Path(os.fsdecode(event.src_path))
        if kind == EVENT_TYPE_MOVED:
            self._moved(src, Path(os.fsdecode(event.dest_path)), event.is_directory)
        else:
            self._changed(src, event.is_directory)

    def _changed(self, path: Path, is_dir: bool) -> None:
        self._ignore_file_changed(path)
        if self.paths.wanted(path, is_dir):
            self.queue.add(path, is_dir=is_dir)

    def _moved(self, old: Path, new: Path, is_dir: bool) -> None:
        self._ignore_file_changed(old)
        self._ignore_file_changed(new)
        old_wanted = self.paths.wanted(old, is_dir)
        new_wanted = self.paths.wanted(new, is_dir)
        if old_wanted and new_wanted:
            self.queue.add_move(old, new, is_dir=is_dir)
        elif old_wanted:  # renamed to a backup name, or out of the watched folders
            self.queue.add(old, is_dir=is_dir)
        elif new_wanted:  # a temporary file renamed over the real one: a save
            self.queue.add(new, is_dir=is_dir)

    def _ignore_file_changed(self, path: Path) -> None:
        """A .gitignore changed: what its folder holds may be in or out now."""
        if path.name in IGNORE_FILES:
            self.paths.forget_rules()
            if self.paths.wanted(path.parent, is_dir=True):
                self.queue.add(path.parent, is_dir=True)
