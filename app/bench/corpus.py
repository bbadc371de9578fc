"""A fixed real code corpus: modules of the running interpreter's standard library.

Cut by Kenning's own chunker, so the texts and their token counts are what
indexing embeds (header line included). A deterministic sample: every n-th
snippet of the listed files, in file order.
"""

from __future__ import annotations

import json
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STDLIB = Path(sysconfig.get_paths()["stdlib"])
# Plain-Python modules present in every CPython >= 3.11, of varied style.
MODULES = ("json/decoder.py", "json/encoder.py", "textwrap.py", "shlex.py", "csv.py",
           "calendar.py", "fractions.py", "email/utils.py", "email/header.py",
           "http/cookies.py", "argparse.py", "configparser.py", "difflib.py", "heapq.py",
           "ipaddress.py", "tempfile.py", "shutil.py", "glob.py", "gettext.py", "string.py")


@dataclass(frozen=True)
class Corpus:
    texts: list[str]
    tokens: list[int]  # per text, [CLS] and [SEP] included, as the model runs it

    @property
    def total_tokens(self) -> int:
        return sum(self.tokens)

    def describe(self) -> str:
        n = len(self.texts)
        return (f"{n} snippets, {self.total_tokens:,} tokens (mean {self.total_tokens / n:.0f}, "
                f"max {max(self.tokens)}) cut by Kenning's chunker from {len(MODULES)} modules "
                f"of {STDLIB}")

    def save(self, path: Path) -> Path:
        path.write_text(json.dumps(self.texts), "utf-8")
        return path


def stdlib_corpus(size: int, count_tokens: Callable[[str], int], max_tokens: int) -> Corpus:
    """`size` snippets sampled evenly from the chunked MODULES (fewer if they have fewer)."""
    from app.core.chunking.chunker import chunk_text

    snippets: list[str] = []
    for rel in MODULES:
        path = STDLIB / rel
        if path.is_file():
            text = path.read_text("utf-8", errors="replace")
            snippets += [s.embed_text for s in chunk_text(text, rel, "python", count_tokens,
                                                          max_tokens)]
    step = max(1, len(snippets) // size)
    texts = snippets[::step][:size]
    tokens = [min(count_tokens(t) + 2, max_tokens) for t in texts]
    return Corpus(texts, tokens)
