"""Overlapping line windows: the fallback when there is no usable syntax tree."""

from __future__ import annotations

from collections.abc import Iterator

from app.core.chunking.tokens import LineCosts

WINDOW_LINES = 40
WINDOW_OVERLAP = 5


def line_windows(
    costs: LineCosts,
    budget: int,
    max_lines: int = WINDOW_LINES,
    overlap: int = WINDOW_OVERLAP,
) -> Iterator[tuple[int, int]]:
    """Row ranges (first, last) of windows of at most `max_lines` lines and `budget` tokens.

    Windows start and end on non-blank rows and overlap by up to `overlap`
    non-blank rows (less for windows shrunk by long lines, so that every window
    still moves on).  A row that alone exceeds the budget is a window of its
    own; the caller cuts its text.
    """
    rows = [row for row, blank in enumerate(costs.blank) if not blank]
    index = 0
    while index < len(rows):
        first = rows[index]
        end = index
        while (
            end + 1 < len(rows)
            and rows[end + 1] - first < max_lines
            and costs.cost(first, rows[end + 1]) <= budget
        ):
            end += 1
        yield first, rows[end]
        if end + 1 >= len(rows):
            return
        back = min(overlap, (end - index + 1) // 4)
        index = max(index + 1, end + 1 - back)
