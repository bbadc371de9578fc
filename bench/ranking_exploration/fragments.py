"""Count the fragments the chunker leaves: pieces that are a definition's signature line
and little else, and pieces that hold only closing brackets.

    PYTHONPATH=. python bench/ranking_exploration/fragments.py [INDEX_FOLDER]

Every file of the quality indexes (default: the cache's `quality-index`) is cut again
with the chunker on PYTHONPATH (run it from a checkout of another commit to compare).
A piece counts when it lies inside a definition without being all of it and either
starts at the definition with at most one line of code and no comment, or holds only
brackets, `;`, `,` and `end`.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import apsw

from app.core.chunking.chunker import chunk_text
from app.core.chunking.languages import detect_language
from app.core.files.reader import SkipFile, read_text
from app.core.model.embedder import Embedder
from app.core.model.provision import current_default_model
from app.quality.evaluate import index_dir

COMMENT = re.compile(r"\s*(//|#[^\[!]|/\*|\*|--|\"\"\"|''')")
CLOSER = re.compile(r"\s*[\]})\;,]*\s*(end)?\s*[\]})\;,]*\s*")


def fragment(snippet) -> str | None:
    start, end = snippet.def_start, snippet.def_end
    if start is None or (start, end) == (snippet.start_line, snippet.end_line):
        return None
    rows = [line for line in snippet.text.splitlines() if line.strip()]
    comments = [line for line in rows if COMMENT.match(line)]
    code = [line for line in rows if not COMMENT.match(line)]
    if comments:
        return None
    if code and all(CLOSER.fullmatch(line) for line in code):
        return "closing brackets only"
    if snippet.start_line == start and len(code) <= 1:
        return "signature alone"
    return None


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else index_dir()
    embedder = Embedder(current_default_model())
    found: Counter[str] = Counter()
    total = 0
    for db in sorted(folder.glob("*.db")):
        conn = apsw.Connection(str(db), flags=apsw.SQLITE_OPEN_READONLY)
        for path, rel in conn.execute("SELECT path, rel_path FROM files"):
            try:
                text = read_text(Path(path), 10**7).text
            except SkipFile:
                continue
            language = detect_language(rel, text[:256]) or "text"
            snippets = chunk_text(text, rel, language, embedder.count_tokens,
                                  embedder.max_tokens)
            total += len(snippets)
            found.update(kind for s in snippets if (kind := fragment(s)))
    print(f"{total} snippets; " + ", ".join(f"{k}: {v}" for k, v in sorted(found.items())))


if __name__ == "__main__":
    main()
