"""Read one file as text, or say in a few words why not."""

from __future__ import annotations

import codecs
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

SNIFF_BYTES = 8192
MAX_LINE_CHARS = 20_000
MAX_MEAN_LINE_CHARS = 400


class SkipFile(Exception):
    """The file is not indexed; `str(exc)` is the reason shown to the user."""


class Vanished(SkipFile):
    """The file is gone since the walk saw it: deleted, or its whole drive unmounted."""


@dataclass(frozen=True, slots=True)
class FileText:
    text: str
    digest: str
    size: int


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


# Not following a link and not waiting on a FIFO: the walk saw a regular file,
# but by the time it is read someone may have put a link to a file outside the
# root (or a named pipe, whose open() would block forever) in its place.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
    | getattr(os, "O_BINARY", 0)


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over `max_bytes` (even if they grew since stat)."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise _skip_for(exc) from exc
    with open(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise SkipFile("not a regular file")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise _skip_for(exc) from exc
    if len(data) > max_bytes:
        raise SkipFile(f"too large (over {_megabytes(max_bytes)})")
    return data


def _skip_for(exc: OSError) -> SkipFile:
    """Why a file that could not be opened or read is skipped."""
    if isinstance(exc, FileNotFoundError) or exc.errno == errno.ENOENT:
        return Vanished("vanished while indexing")
    if isinstance(exc, PermissionError):
        return SkipFile("unreadable: permission denied")
    if isinstance(exc, IsADirectoryError) or exc.errno in (errno.ELOOP, errno.ENXIO):
        return SkipFile("not a regular file")  # ELOOP: a link put in its place
    return SkipFile(f"unreadable: {exc.strerror or exc}")


def decode(data: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Raises SkipFile for binary content. Legacy 8-bit files (Latin-1 comments in
    old C code) are common and worth indexing; bytes that no text encoding
    explains are not.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise SkipFile("not valid UTF-16 text") from exc
    if b"\x00" in data[:SNIFF_BYTES]:
        raise SkipFile("binary content")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    bad = text.count("\ufffd") + sum(1 for ch in text[:SNIFF_BYTES] if _is_control(ch))
    if bad > max(8, len(text[:SNIFF_BYTES]) // 50):
        raise SkipFile("binary content (not UTF-8 text)")
    return text


def _is_control(ch: str) -> bool:
    return ch < " " and ch not in "\t\n\r\f\v\x1b"


# A compiled file's inline source map: one comment line holding the original sources,
# base64-encoded (`//# sourceMappingURL=data:application/json;base64,…`, `/*# … */` in
# CSS), often longer than the code above it.
_INLINE_SOURCE_MAP = re.compile(
    r"^[ \t]*(?://|/\*)[#@][ \t]*sourceMappingURL=data:[^\n]*$", re.MULTILINE)


def blank_inline_source_maps(text: str) -> str:
    """`text` with each inline source map line emptied (the line kept, so that line
    numbers stay the file's). Babel and TypeScript append one to every file they
    compile; judged with it, such a file read as minified and was not indexed at all
    (superagent's `lib/`: its three main files, 7 Dec)."""
    if "sourceMappingURL=data:" not in text:
        return text
    return _INLINE_SOURCE_MAP.sub("", text)


def check_not_minified(text: str) -> None:
    """Refuse machine-written text: bundles and minified code have enormous lines."""
    lines = text.count("\n") + 1
    if len(text) / lines > MAX_MEAN_LINE_CHARS or max(map(len, text.split("\n"))) > MAX_LINE_CHARS:
        raise SkipFile("minified or generated (very long lines)")


def read_text(path: Path, max_bytes: int) -> FileText:
    data = read_bytes(path, max_bytes)
    text = blank_inline_source_maps(decode(data))
    check_not_minified(text)
    return FileText(text=text, digest=content_digest(data), size=len(data))


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:g} MB"
