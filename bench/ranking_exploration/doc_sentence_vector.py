"""A candidate's first doc sentence as a vector of its own, through the real searcher.

MiniLM was trained on sentence pairs; a query is a sentence and so is the first line of
a docstring or doc comment, while the snippet's vector averages that sentence with its
code. Here each candidate whose text opens (in its first eight non-blank lines) with a
doc comment or docstring gets that comment's first sentence embedded alone (raw, as a
query is), and its meaning score becomes, for variant `blend:g`, (1 − g) × the shipped
score + g × the sentence's cosine, or, for `max:d`, the larger of the shipped score and
the sentence's cosine − d. Undocumented candidates keep the shipped score. The default
on a split (kind, language, blind check) and the guard sets, each variant after the
shipped one.

Usage: PYTHONPATH=. python doc_sentence_vector.py SPLIT blend:0.2 max:0.1 ...
"""
import re
import sys

import numpy as np
from default_runs import report, split_projects

from app.core.search import candidates as C
from app.core.search import searcher as S

COMMENT = re.compile(r'^\s*(///|//!|//|#(?![!\[])|--|/\*\*?|\*/?|"""|\'\'\'|r"""|=begin)')
MARKERS = re.compile(r'^\s*(///|//!|//|#|--|/\*\*?|\*/|\*|r?"""|\'\'\'|=begin|=end)\s?')
VARIANT: list[tuple[str, float]] = []
EMBED: list = []
SENTENCES: dict[int, str | None] = {}
VECTORS: dict[str, np.ndarray] = {}


def doc_sentence(text: str) -> str | None:
    """The first sentence of a comment block or docstring that opens the snippet (its
    first three non-blank lines: above the signature, or a docstring below it); tags
    such as `@param` and a blank comment line end it."""
    lines = [line for line in text.splitlines() if line.strip()][:12]
    start = next((n for n, line in enumerate(lines[:3]) if COMMENT.match(line)), None)
    if start is None:
        return None
    quoted = lines[start].lstrip().lstrip("r").startswith(('"""', "'''"))
    words: list[str] = []
    for n, line in enumerate(lines[start:]):
        if not quoted and not COMMENT.match(line):
            break
        body = MARKERS.sub("", line).strip()
        closing = quoted and ('"""' in body or "'''" in body)
        body = body.replace('"""', "").replace("'''", "").strip().rstrip("*/").strip()
        if body.startswith(("@", ":param", ":return", "Args:", "Returns:")):
            break
        if body:
            words.append(body)
        elif words:
            break
        if closing or re.search(r"[.!?](\s|$)", " ".join(words)):
            break
    sentence = re.split(r"(?<=[.!?])\s", " ".join(words), maxsplit=1)[0][:200]
    return sentence if len(sentence.split()) >= 3 else None


def sentences(conn, ids):
    wanted = [i for i in ids if i not in SENTENCES]
    if wanted:
        listed = ",".join(map(str, wanted))
        for cid, text in conn.execute(f"SELECT id, text FROM chunks WHERE id IN ({listed})"):
            SENTENCES[cid] = doc_sentence(text)
    return {i: SENTENCES.get(i) for i in ids}


def complete(self, conn, ids, found):
    scores = _complete(self, conn, ids, found)
    if not VARIANT or self.raw is None:
        return scores
    kind, value = VARIANT[0]
    out = dict(scores)
    for cid, sentence in sentences(conn, list(scores)).items():
        if sentence is None:
            continue
        vector = VECTORS.get(sentence)
        if vector is None:
            vector = VECTORS[sentence] = EMBED[0](sentence)
        cosine = float(vector @ self.raw)
        base = scores[cid]
        out[cid] = ((1 - value) * base + value * cosine if kind == "blend"
                    else max(base, cosine - value))
    return out


def searcher_init(self, store, embed_query, *args, **kwargs):
    EMBED[:] = [embed_query]
    _init(self, store, embed_query, *args, **kwargs)


_complete = C.Meaning.complete
C.Meaning.complete = complete
_init = S.Searcher.__init__
S.Searcher.__init__ = searcher_init


def main(split, specs):
    projects = split_projects(split)
    for spec in ["shipped", *specs]:
        VARIANT[:] = [] if spec == "shipped" else [(spec.split(":")[0], float(spec.split(":")[1]))]
        documented = sum(s is not None for s in SENTENCES.values())
        report(spec, projects, lambda d=documented: f" | with a sentence {d}/{len(SENTENCES)}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
