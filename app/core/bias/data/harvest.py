"""(query, snippet) pairs from real code: doc summary → the code without its docs.

The snippet side is produced the way the indexer would see undocumented code:
the file with every doc comment and docstring removed is cut by the real
chunker, and the pair's code is the snippet (header included) that holds the
function. A pair is kept only when that snippet is the function's own.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from app.core.bias.data.queries import summary_query
from app.core.chunking.chunker import chunk_text
from app.core.chunking.definitions import Definition, extract_definitions
from app.core.chunking.languages import detect_language
from app.core.chunking.snippet import Snippet
from app.core.files.reader import SkipFile, read_text

LANGUAGES = frozenset({"python", "javascript", "typescript", "tsx", "go", "rust", "ruby",
                       "php", "java", "c", "cpp", "csharp", "kotlin", "swift"})
SKIP_DIRS = frozenset({"node_modules", ".git", "__pycache__", "vendor", "third_party",
                       "testdata", "fixtures", "examples", "example", "benchmarks", "docs"})
SKIP_SUFFIXES = (".d.ts", ".min.js", ".bundle.js")
MAX_FILE_BYTES = 400_000
MIN_CODE_LINES = 3
DEF_KINDS = frozenset({"function", "method", "class"})

TokenCounter = Callable[[str], int]


@dataclass(frozen=True, slots=True)
class Pair:
    repo: str
    language: str
    path: str
    symbol: str
    query: str
    code: str
    start_line: int
    code_documented: str | None = None  # the same function as indexed with its docs

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def code_key(self) -> str:
        body = self.code.split("\n", 1)[-1]  # without the header: catches vendored copies
        return hashlib.sha256(" ".join(body.split()).encode()).hexdigest()[:24]


@dataclass(frozen=True, slots=True)
class StrippedFile:
    """A source file with its documentation removed, and where its documented functions went."""

    rel_path: str
    language: str
    text: str
    targets: list[tuple[Definition, int]]  # (definition, its first line in `text`)
    original: str


def source_files(root: Path) -> Iterator[tuple[Path, str, str]]:
    """(path, path relative to root, language) of the code files under `root`."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(SKIP_SUFFIXES):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            language = detect_language(rel)
            if language in LANGUAGES:
                yield path, rel, language


def strip_docs(text: str, rel_path: str, language: str) -> StrippedFile:
    """Remove every docstring and doc comment of the file's definitions."""
    definitions = extract_definitions(text, language, DEF_KINDS)
    drop: set[int] = set()
    documented = []
    for definition in definitions:
        if definition.doc_lines is None:
            continue
        first, last = definition.doc_lines
        if first <= definition.start_line <= last:  # doc and code share a line
            continue
        if language == "python" and first < definition.start_line:
            continue  # comments above a Python def are comments, not its documentation
        drop.update(range(first, last + 1))
        if definition.kind != "class":
            documented.append(definition)
    kept: list[str] = []
    new_line: dict[int, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if number in drop:
            continue
        kept.append(line)
        new_line[number] = len(kept)
    targets = [(d, new_line[d.start_line]) for d in documented if d.start_line in new_line]
    return StrippedFile(rel_path, language, "\n".join(kept), targets, text)


def file_pairs(stripped: StrippedFile, repo: str, count_tokens: TokenCounter) -> list[Pair]:
    """The pairs of one stripped file: each documented function with its own snippet."""
    if not stripped.targets:
        return []
    snippets = chunk_text(stripped.text, stripped.rel_path, stripped.language, count_tokens)
    documented = chunk_text(stripped.original, stripped.rel_path, stripped.language,
                            count_tokens)
    pairs = []
    for definition, line in stripped.targets:
        query = summary_query(definition.doc, definition.symbol.rsplit(".", 1)[-1])
        snippet = _snippet_at(snippets, line)
        if query is None or snippet is None or not _owns(snippet, definition):
            continue
        if snippet.end_line - snippet.start_line + 1 < MIN_CODE_LINES:
            continue
        with_docs = _snippet_at(documented, definition.start_line)
        pairs.append(Pair(repo, stripped.language, stripped.rel_path, definition.symbol, query,
                          snippet.embed_text, snippet.start_line,
                          with_docs.embed_text if with_docs and _owns(with_docs, definition)
                          else None))
    return pairs


def _snippet_at(snippets: list[Snippet], line: int) -> Snippet | None:
    for snippet in snippets:
        if snippet.start_line <= line <= snippet.end_line:
            return snippet
    return None


def _owns(snippet: Snippet, definition: Definition) -> bool:
    symbol = snippet.symbol or ""
    return symbol == definition.symbol or symbol.endswith("." + definition.symbol) or (
        definition.symbol.endswith("." + symbol) and bool(symbol))


def read_source(path: Path) -> str | None:
    try:
        return read_text(path, MAX_FILE_BYTES).text
    except SkipFile:
        return None
