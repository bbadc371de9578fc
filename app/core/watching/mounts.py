"""Which folders live on a file system that sends no change events.

inotify reports only changes made through this machine's kernel: on a network
share, edits made on the server or another client never produce an event,
and some FUSE file systems produce none at all. Those folders are polled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MOUNTS_FILE = Path("/proc/mounts")

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "9p", "v9fs", "drvfs", "davfs", "fuse.sshfs", "fuse.rclone",
    "fuse.s3fs", "fuse.gcsfuse", "fuse.gvfsd-fuse", "fuse.davfs2", "fuse.glusterfs",
    "fuse.cephfs", "fuse.juicefs", "fuse.mergerfs", "fuse.vmhgfs-fuse", "vboxsf",
})

_OCTAL = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    point: Path
    fs_type: str


def parse_mounts(text: str) -> list[Mount]:
    """The mounts in /proc/mounts format (spaces in paths are written as \\040)."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), fields[1])
            mounts.append(Mount(Path(point), fields[2]))
    return mounts


def mount_of(folder: Path, mounts: list[Mount]) -> Mount | None:
    """The mount holding `folder`: the deepest mount point above it (the last one wins)."""
    best: Mount | None = None
    for mount in mounts:
        if (mount.point == folder or mount.point in folder.parents) and (
                best is None or len(mount.point.parts) >= len(best.point.parts)):
            best = mount
    return best


def eventless_reason(folder: Path, mounts_text: str | None = None) -> str | None:
    """Why `folder` must be polled (its file system sends no events), or None."""
    if mounts_text is None:
        try:
            mounts_text = MOUNTS_FILE.read_text()
        except OSError:
            return None  # not Linux: the native observer there has no such gap we can see
    mount = mount_of(folder.resolve(), parse_mounts(mounts_text))
    if mount is None or mount.fs_type not in NETWORK_FILESYSTEMS:
        return None
    return (f"{mount.point} is a {mount.fs_type} file system: changes made on other "
            "machines send no events")
