"""The matrix's share of meaning per candidate by whether its snippet carries
documentation (a comment or docstring among its first non-blank lines), through the
real searcher: the default on a split (kind, language, blind check) and the guard
sets, each variant after the shipped blend. The matrix's snippet side was trained on
code with its documentation stripped (8 Dec, session 28).
Usage: PYTHONPATH=. python doc_share_live.py SPLIT DOCUMENTED,UNDOCUMENTED ..."""
import re
import sys
from collections import defaultdict

import app.quality.guards as guards
from app.core.search import candidates as C
from app.core.search.vector_index import float_vectors
from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import load_projects

COMMENT = re.compile(r'^\s*(///|//!|//|#(?![!\[])|--|/\*|\*|"""|\'\'\'|=begin|r""")')
SHARES: list[float] = []
SEEN = defaultdict(int)


def documented(conn, ids):
    listed = ",".join(map(str, ids))
    out = set()
    for cid, text in conn.execute(f"SELECT id, text FROM chunks WHERE id IN ({listed})"):
        lines = [line for line in text.splitlines() if line.strip()][:6]
        if any(COMMENT.match(line) for line in lines):
            out.add(cid)
    return out


def complete(self, conn, ids, found):
    if not SHARES or self.raw is None:
        return _complete(self, conn, ids, found)
    present, vectors = float_vectors(conn, ids)
    if not present:
        return found
    mapped = dict(found)
    missing = [n for n, i in enumerate(present) if i not in found]
    if missing:
        own = vectors[missing] @ self.vector
        if self.doc_scale is not None:
            own = own * self.doc_scale(vectors[missing])
        mapped.update(zip((present[n] for n in missing), own.tolist(), strict=True))
    raw = dict(zip(present, (vectors @ self.raw).tolist(), strict=True))
    docs = documented(conn, present)
    SEEN["doc"] += len(docs)
    SEEN["all"] += len(present)
    share = {i: SHARES[0] if i in docs else SHARES[1] for i in present}
    return {i: share[i] * s + (1 - share[i]) * raw[i] if i in raw else s
            for i, s in mapped.items()}


_complete = C.Meaning.complete
C.Meaning.complete = complete
DEFAULT = tuple(c for c in CONFIGURATIONS if c[0] == "default")
guards.CONFIGURATIONS = DEFAULT


def main(split, specs):
    projects = [p for p in load_projects() if p.split == split]
    check = {p.name for p in projects if not p.learn}
    for spec in ["shipped", *specs]:
        SHARES[:] = [] if spec == "shipped" else [float(x) for x in spec.split(",")]
        SEEN.clear()
        out = evaluate(projects, configurations=DEFAULT, say=lambda s: None)
        ndcg = defaultdict(list)
        for o in out:
            keys = ("all", o.judgment.kind, o.language)
            keys += ("check",) if o.judgment.project in check else ()
            for key in keys:
                ndcg[key].append(o.scores.ndcg)
        cells = " ".join(f"{k} {sum(v) / len(v):.4f}" for k, v in sorted(ndcg.items()))
        share = SEEN["doc"] / max(1, SEEN["all"])
        mrr = guards.run_guards(say=lambda s: None)
        g = " ".join(f"{k[:14]} {v['default'].mrr:.4f}" for k, v in mrr.items())
        print(f"{spec:9} {cells} | {g} | documented {share:.2f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
