"""Walk a root and yield the files worth indexing, streaming (no whole-tree lists).

Follows ripgrep's defaults: ignore files are honoured, hidden VCS folders and
dependency/build folders are skipped, symbolic links are not followed (so link
loops and links out of the root cannot trap or leak the walk).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from app.core.files.rules import DirRules, IgnoreOptions, initial_rules, is_binary_name, is_secret


@dataclass(frozen=True, slots=True)
class Candidate:
    """A file the walker would index, with what `stat` said about it."""

    path: Path
    rel_path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file (or folder) left out for a reason worth telling the user."""

    path: Path
    reason: str


def walk(root: Path, options: IgnoreOptions, start: Path | None = None
         ) -> Iterator[Candidate | Skipped]:
    """Yield candidates and skips under `root` (or only under `start` inside it)."""
    rules = initial_rules(root, options)
    if start is not None and start != root:
        for folder in reversed(start.relative_to(root).parents[:-1]):
            rules = rules.child(root / folder) if options.respect_ignore_files else rules
        if rules.ignores(start, is_dir=True):
            return
        rules = rules.child(start) if options.respect_ignore_files else rules
    stack: list[tuple[Path, DirRules]] = [(start or root, rules)]
    while stack:
        folder, rules = stack.pop()
        if folder != (start or root) and options.respect_ignore_files:
            rules = rules.child(folder)
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name, reverse=True)
        except FileNotFoundError:
            continue
        except OSError as exc:
            yield Skipped(folder, f"unreadable folder: {exc.strerror or exc}")
            continue
        subfolders: list[tuple[Path, DirRules]] = []
        for entry in entries:
            item = _visit(entry, root, rules, options)
            if isinstance(item, Path):
                subfolders.append((item, rules))
            elif item is not None:
                yield item
        stack.extend(subfolders)


def _visit(entry: os.DirEntry[str], root: Path, rules: DirRules, options: IgnoreOptions
           ) -> Candidate | Skipped | Path | None:
    """One directory entry: a folder to descend into (Path), a result, or None."""
    path = Path(entry.path)
    try:
        if entry.is_symlink():
            return None
        st = entry.stat(follow_symlinks=False)
    except OSError:
        return None
    if stat.S_ISDIR(st.st_mode):
        if not _encodable(entry.name):
            return Skipped(path, "folder name is not valid UTF-8")
        if rules.ignores(path, is_dir=True) or (path / "pyvenv.cfg").exists():
            return None
        return path
    if not stat.S_ISREG(st.st_mode) or rules.ignores(path, is_dir=False):
        return None
    name = entry.name
    if not _encodable(name):
        return Skipped(path, "file name is not valid UTF-8")
    if is_binary_name(name):
        return None
    if options.exclude_secrets and (pattern := is_secret(name)):
        return Skipped(path, f"likely secret (matches {pattern})")
    if st.st_size > options.max_file_bytes:
        return Skipped(path, f"too large ({st.st_size / 1_000_000:.1f} MB > "
                             f"{options.max_file_bytes / 1_000_000:g} MB)")
    return Candidate(path, path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns)


def _encodable(name: str) -> bool:
    """False for names with bytes that are not UTF-8 (they decode to surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def display_path(path: Path) -> str:
    """`path` as printable UTF-8, undecodable bytes shown as escapes."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")
