"""Token accounting for a file: every line is counted once, spans by prefix sums.

The model's WordPiece tokenizer splits on whitespace first, so the count of
several lines is the sum of their counts, and a header joined with a newline
adds exactly its own count.  That makes "does rows a..b fit?" an O(1)
question after one pass over the file.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate

CountTokens = Callable[[str], int]
_ASCII_SPACE = " \t\r\x0b\x0c"


class LineCosts:
    """Per-line token counts of one file, and the cost of any run of rows."""

    def __init__(self, lines: list[str], count_tokens: CountTokens) -> None:
        self.lines = lines
        self._count = _safe_counter(count_tokens, lines)
        seen: dict[str, int] = {}
        counts = []
        self.blank: list[bool] = []
        for line in lines:
            self.blank.append(not line.strip())
            # Only ASCII whitespace is sure to cost nothing: U+2028 is "whitespace"
            # to str.strip() but a character to WordPiece.
            key = line.strip(_ASCII_SPACE)
            if not key:
                counts.append(0)
                continue
            value = seen.get(key)
            if value is None:
                value = seen[key] = max(0, self._count(key))
            counts.append(value)
        self.counts = counts
        self._prefix = [0, *accumulate(counts)]

    def cost(self, first: int, last: int) -> int:
        """Tokens of rows `first`..`last` (inclusive)."""
        return self._prefix[last + 1] - self._prefix[first]

    def count(self, text: str) -> int:
        return max(0, self._count(text))

    def cut(self, row: int, budget: int) -> str:
        """The longest prefix of line `row` that costs at most `budget` tokens.

        Counts are not monotonic inside a word (a 101-character word is one
        [UNK], its 99-character prefix is many pieces), so this keeps the
        invariant "lo fits, hi does not" rather than assuming a clean cut.
        Never empty for a non-blank line: with no budget it keeps one character.
        """
        line = self.lines[row]
        lead = len(line) - len(line.lstrip(_ASCII_SPACE))
        lo = lead  # the indentation costs nothing
        hi = lo + max(16, 4 * budget)
        while hi < len(line) and self._count(line[:hi]) <= budget:  # gallop to a bound
            lo, hi = hi, 2 * hi
        hi = min(hi, len(line) + 1)
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self._count(line[:mid]) <= budget:
                lo = mid
            else:
                hi = mid
        return line[: max(lo, lead + 1)].rstrip() or line[: lead + 1]


def _safe_counter(count_tokens: CountTokens, lines: list[str]) -> CountTokens:
    """Tokenizers refuse lone surrogates (undecodable bytes kept by surrogateescape).

    Only when the file has any, count a copy with each replaced by "?": one
    token, at least what the embedder's own replacement will cost.
    """
    try:
        "\n".join(lines).encode("utf-8")
    except UnicodeEncodeError:
        def counting(text: str) -> int:
            return count_tokens(text.encode("utf-8", "replace").decode("utf-8"))

        return counting
    return count_tokens
