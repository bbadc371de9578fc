"""How the bias matrix's evaluation sets judge a result: by the definition it is."""

from __future__ import annotations

from pathlib import Path

from app.core.bias.evaluate import EvalQuery, rank_of
from app.core.search.request import SearchResult

FILE = Path("/src/pkg/util.py")


def result(lines: tuple[int, int], kind: str, definition: tuple[int, int] | None,
           path: Path = FILE) -> SearchResult:
    return SearchResult(1, str(path), path.name, str(path.parent), lines[0], lines[1],
                        "f", kind, "python", 1.0, "", *(definition or (None, None)))


def test_a_piece_of_the_answers_function_is_the_answer() -> None:
    query = EvalQuery("parse a version string", FILE, 40)  # `def parse_version` at line 40
    # Its docstring's piece scored best: reported at 44-60, the preview shows 40-90.
    assert rank_of([result((44, 60), "function", (40, 90))], query) == 1
    # The reported lines hold the first line, with or without a definition span.
    assert rank_of([result((40, 43), "block", None)], query) == 1
    # A class around it is not the function; nor is another file's function.
    other = result((41, 45), "function", (40, 90), Path("/src/pkg/other.py"))
    assert rank_of([result((10, 30), "class", (10, 200)), other,
                    result((50, 60), "method", (38, 90))], query) == 3
    assert rank_of([result((44, 60), "function", (42, 90))], query) == 0
