"""What the preview shows for a result: a window of the file, and its colours.

No Qt in here: this runs on the preview thread (Pygments lexing a few hundred
lines takes tens of milliseconds, too long for the UI thread when the user
holds ↓ over the results).

Only a window around the hit is loaded, so a 50,000-line file previews as fast
as a small one; line numbers stay those of the file. Lines are split exactly
as the indexer splits them ("\\n", a trailing "\\r" dropped) so the numbers
match the result's. If the file changed or vanished since it was indexed, the
indexed snippet is shown instead, with a note saying so.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name, get_lexer_for_filename
from pygments.lexers.special import TextLexer
from pygments.token import Token, _TokenType
from pygments.util import ClassNotFound

from app.core.files.reader import SkipFile, decode, read_bytes
from app.core.search.request import SearchResult

CONTEXT_LINES = 100
MAX_HIT_LINES = 2000
MAX_LINE_CHARS = 1000
MAX_FILE_BYTES = 20_000_000
# Characters a QTextDocument would turn into a new line or block, which would
# shift every line number after them; shown as visible symbols instead.
_BREAKING = str.maketrans({"\u2028": "\u2424", "\u2029": "\u2424", "\r": "\u240d"})


Span = tuple[int, int, _TokenType]


@dataclass(frozen=True)
class PreviewText:
    lines: list[str]
    first_line: int          # file line number of lines[0]
    hit_start: int           # file line numbers of the result, inclusive
    hit_end: int
    total_lines: int | None  # None when the file could not be read
    note: str = ""
    # The whole definition the hit is the best piece of (file lines, inclusive).
    definition: tuple[int, int] | None = None
    # Per shown line: (column, length, Pygments token type) of each coloured piece.
    spans: list[list[Span]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def display_line(line: str) -> str:
    if len(line) > MAX_LINE_CHARS:
        line = line[:MAX_LINE_CHARS] + " …"
    return line.translate(_BREAKING)


def file_lines(path: Path) -> list[str]:
    """The file's lines as the indexer numbers them; raises SkipFile if unreadable."""
    text = decode(read_bytes(path, MAX_FILE_BYTES))
    return [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]


def lexer_for(language: str, path: str) -> Lexer:
    """Pygments lexer by the index's language name, else by file name, else plain."""
    options = {"stripnl": False, "stripall": False, "ensurenl": False}
    for find in (lambda: get_lexer_by_name(language, **options),
                 lambda: get_lexer_for_filename(path, **options)):
        try:
            return find()
        except ClassNotFound:
            continue
    return TextLexer(**options)


def token_spans(text: str, lexer: Lexer) -> list[list[Span]]:
    """One Pygments pass over the whole text, cut into per-line spans.

    Lexing it all at once colours constructs that span lines (docstrings,
    block comments) right, which lexing line by line would not.
    """
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    spans: list[list[Span]] = [[] for _ in starts]
    for index, token, value in lexer.get_tokens_unprocessed(text):
        if not value or token in Token.Text:
            continue
        end = index + len(value)
        line = bisect_right(starts, index) - 1
        while index < end and line < len(starts):
            line_end = starts[line + 1] - 1 if line + 1 < len(starts) else len(text)
            stop = min(end, line_end)
            if stop > index:
                spans[line].append((index - starts[line], stop - index, token))
            index = line_end + 1
            line += 1
    return spans


def load_preview(result: SearchResult, context: int = CONTEXT_LINES) -> PreviewText:
    """The lines to show for `result`, coloured."""
    preview = _window(result, context)
    return replace(preview, spans=token_spans(preview.text,
                                              lexer_for(result.language, result.path)))


def _window(result: SearchResult, context: int) -> PreviewText:
    start, end = result.start_line, max(result.end_line, result.start_line)
    try:
        lines = file_lines(Path(result.path))
    except SkipFile as exc:
        return _snippet_only(result, f"Cannot read the file ({exc}): showing the indexed snippet.")
    if not _still_matches(lines, start, result.text.split("\n")):
        return _snippet_only(result, "The file changed since it was indexed: showing the "
                                     "indexed snippet. Re-index to refresh.")
    end = min(end, start + MAX_HIT_LINES - 1)
    definition = _definition(result, len(lines))
    low, high = definition or (start, end)
    first = max(1, min(start, low) - context, end - MAX_HIT_LINES - context)
    last = min(len(lines), max(end, high) + context, start + MAX_HIT_LINES + context)
    window = [display_line(line) for line in lines[first - 1:last]]
    note = "" if first == 1 and last == len(lines) else (
        f"Showing lines {first}–{last} of {len(lines)}.")
    return PreviewText(window, first, start, end, len(lines), note, definition=definition)


def _definition(result: SearchResult, total: int) -> tuple[int, int] | None:
    """The result's whole definition, when it is more than the hit itself."""
    if result.def_start is None or result.def_end is None:
        return None
    span = (max(1, result.def_start), min(total, result.def_end))
    return span if span != (result.start_line, result.end_line) else None


def _still_matches(lines: list[str], start: int, snippet: list[str]) -> bool:
    """Whether the file still holds the snippet at `start` (the indexer may cut a
    single overlong line short, so each snippet line need only begin the file's)."""
    found = lines[start - 1:start - 1 + len(snippet)]
    return len(found) == len(snippet) and all(
        have.startswith(want) for have, want in zip(found, snippet, strict=True))


def _snippet_only(result: SearchResult, note: str) -> PreviewText:
    lines = [display_line(line) for line in result.text.split("\n")]
    return PreviewText(lines, result.start_line, result.start_line,
                       result.start_line + len(lines) - 1, None, note)
