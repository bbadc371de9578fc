"""inotify limits: find folders watchdog silently failed to watch, and say how to fix it.

Each watched folder costs one inotify watch, and a user has at most
`fs.inotify.max_user_watches` of them (8192 on older kernels, shared by every
program: editors, IDEs, Dropbox...). watchdog raises OSError(ENOSPC) only when
the top folder cannot be watched; a subfolder that fails is skipped in silence
(watchdog 7: `InotifyWatchGroup._add_callback`). So after scheduling, we
compare the folders on disk with the watches the kernel lists for this
process in /proc/self/fdinfo, and poll the whole root if any is missing.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

WATCH_LIMIT_HINT = ("raise the limit: sudo sysctl fs.inotify.max_user_watches=524288 "
                    "(to keep it after a reboot, put that setting in /etc/sysctl.d/)")
INSTANCE_LIMIT_HINT = ("raise the limit: sudo sysctl fs.inotify.max_user_instances=1024 "
                       "(to keep it after a reboot, put that setting in /etc/sysctl.d/)")


def limit_reason(exc: OSError) -> tuple[str, str] | None:
    """(reason, fix) when `exc` is an inotify limit, else None."""
    if exc.errno == errno.ENOSPC:
        return "the inotify watch limit is reached", WATCH_LIMIT_HINT
    if exc.errno == errno.EMFILE:
        return "the inotify instance limit is reached", INSTANCE_LIMIT_HINT
    return None


def watched_inodes() -> set[int] | None:
    """Inode numbers of everything this process watches with inotify; None if unknown."""
    try:
        fds = os.listdir("/proc/self/fd")
    except OSError:
        return None
    inodes: set[int] = set()
    for fd in fds:
        try:
            if os.readlink(f"/proc/self/fd/{fd}") != "anon_inode:inotify":
                continue
            with open(f"/proc/self/fdinfo/{fd}") as info:
                lines = info.read().splitlines()
        except OSError:
            continue
        for line in lines:
            if line.startswith("inotify "):
                fields = dict(f.split(":", 1) for f in line.split()[1:] if ":" in f)
                inodes.add(int(fields["ino"], 16))
    return inodes


def unwatched_folder(folder: Path) -> Path | None:
    """A folder under `folder` (itself included) that inotify does not watch, if any.

    A folder deleted during the walk is not counted as unwatched.
    """
    inodes = watched_inodes()
    if inodes is None:
        return None
    for current, _, _ in os.walk(folder):  # like watchdog: no symbolic links followed
        try:
            inode = os.stat(current, follow_symlinks=False).st_ino
        except OSError:
            continue
        if inode not in inodes:
            return Path(current)
    return None
