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
    first = start or root
    rules = FolderRules(root, options).get(first)
    if rules is None:
        return
    stack: list[tuple[Path, DirRules]] = [(first, rules)]
    while stack:
        folder, rules = stack.pop()
        if folder != first and options.respect_ignore_files:
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
        denied: PermissionError | None = None
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except PermissionError as exc:  # a folder that can be listed, not entered
                denied = exc
                continue
            except OSError:
                continue
            item = _judge(Path(entry.path), st, root, rules, options)
            if isinstance(item, Path):
                subfolders.append((item, rules))
            elif item is not None:
                yield item
        if denied is not None:
            yield Skipped(folder, f"unreadable folder: {denied.strerror or denied}")
        stack.extend(subfolders)


class FolderRules:
    """The rules in force inside each folder of one root, worked out once per folder.

    The walk, the indexer's updates of single paths and the folder watcher's
    event filter all ask this, so they agree on what is indexed. `get` is None
    for a folder the walk would never enter: left out itself or below a folder
    that is (a file event deep inside node_modules/ costs one dict lookup).
    """

    def __init__(self, root: Path, options: IgnoreOptions) -> None:
        self.root = root
        self.options = options
        self._rules: dict[Path, DirRules | None] = {root: initial_rules(root, options)}

    def get(self, folder: Path) -> DirRules | None:
        """The rules for the entries of `folder`; None if the walk would not enter it."""
        chain: list[Path] = []
        current = folder
        while current not in self._rules:
            if current == current.parent:
                return None  # not under the root at all
            chain.append(current)
            current = current.parent
        rules = self._rules[current]
        for inner in reversed(chain):
            if rules is not None:
                rules = (None if _left_out_folder(inner, rules)
                         else rules.child(inner) if self.options.respect_ignore_files else rules)
            self._rules[inner] = rules
        return rules

    def classify(self, path: Path) -> Candidate | Skipped | None:
        """What the walk would make of the file `path`: None if left out, gone or a folder."""
        rules = self.get(path.parent)
        if rules is None:
            return None
        try:
            st = os.lstat(path)
        except OSError:
            return None
        item = _judge(path, st, self.root, rules, self.options)
        return None if isinstance(item, Path) else item

    def wants(self, path: Path, is_dir: bool) -> bool:
        """Whether the walk could index `path`, judging by its name and place only.

        For paths that may be gone already (a deleted file, the old name of a
        renamed one): nothing is read from the disk but ignore files.
        """
        if is_dir:
            return self.get(path) is not None
        rules = self.get(path.parent)
        return rules is not None and not _left_out_file(path, rules)

    @property
    def folders_known(self) -> int:
        return len(self._rules)


def _left_out_folder(path: Path, rules: DirRules) -> bool:
    # os.path, not Path.exists(): in a folder we may not enter, that raises.
    return (rules.ignores(path, is_dir=True) or not _encodable(path.name)
            or os.path.exists(path / "pyvenv.cfg"))


def _left_out_file(path: Path, rules: DirRules) -> bool:
    return rules.ignores(path, is_dir=False) or is_binary_name(path.name)


def _judge(path: Path, st: os.stat_result, root: Path, rules: DirRules, options: IgnoreOptions
           ) -> Candidate | Skipped | Path | None:
    """One directory entry: a folder to descend into (Path), a result, or None."""
    if stat.S_ISDIR(st.st_mode):
        if not _encodable(path.name):
            return Skipped(path, "folder name is not valid UTF-8")
        return None if _left_out_folder(path, rules) else path
    if not stat.S_ISREG(st.st_mode) or _left_out_file(path, rules):
        return None
    name = path.name
    if not _encodable(name):
        return Skipped(path, "file name is not valid UTF-8")
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
