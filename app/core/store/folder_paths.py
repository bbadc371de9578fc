"""Stored paths below a folder, for the separator of the platform that wrote them.

The index keeps absolute paths as the platform writes them (`C:\\code\\app.py`
on Windows, `/home/me/code/app.py` elsewhere). Everything that asks "which
paths are below this folder" goes through these functions, with the
separator as a parameter, so the logic is tested with both kinds of path on
any machine.
"""

from __future__ import annotations

import os


def _separators(sep: str) -> str:
    """The characters that end a folder name: Windows takes "/" as well as "\\"."""
    return sep + "/" if sep == "\\" else sep


def folder_prefix(folder: str, sep: str = os.sep) -> str:
    """`folder` ending in exactly one separator: every path below it starts so."""
    return folder.rstrip(_separators(sep)) + sep


def prefix_range(folder: str, sep: str = os.sep) -> tuple[str, str]:
    """(low, high): exactly the paths below `folder` sort strictly between them.

    `high` is the prefix with its separator replaced by the next character,
    so a sibling such as `/code/app-2` (or `C:\\code\\app]`) stays out.
    """
    prefix = folder_prefix(folder, sep)
    return prefix, prefix[:-1] + chr(ord(sep) + 1)


def rebase(path: str, old_folder: str, new_folder: str, sep: str = os.sep) -> str:
    """Where `path`, below `old_folder`, is once that folder has become `new_folder`."""
    old = folder_prefix(old_folder, sep)
    if not path.startswith(old):
        raise ValueError(f"{path} is not below {old_folder}")
    return folder_prefix(new_folder, sep) + path[len(old):]
