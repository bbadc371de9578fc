"""The matrix's share of meaning per candidate by whether its snippet carries
documentation (a comment or docstring among its first non-blank lines), through the
real searcher: the default on a split (kind, language, blind check) and the guard
sets, each variant after the shipped blend. The matrix's snippet side was trained on
code with its documentation stripped (7 Dec, session 28).
Usage: PYTHONPATH=. python doc_share_live.py SPLIT DOCUMENTED,UNDOCUMENTED ..."""
import re
import sys
from collections import defaultdict
from dataclasses import replace

from default_runs import report, split_projects

from app.core.search import candidates as C
from app.core.search.vector_index import float_vectors

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
    mapped = _complete(replace(self, share=1.0), conn, ids, found)
    present, vectors = float_vectors(conn, ids)
    if not present:
        return mapped
    raw = dict(zip(present, (vectors @ self.raw).tolist(), strict=True))
    docs = documented(conn, present)
    SEEN["doc"] += len(docs)
    SEEN["all"] += len(present)
    share = {i: SHARES[0] if i in docs else SHARES[1] for i in present}
    return {i: share[i] * s + (1 - share[i]) * raw[i] if i in raw else s
            for i, s in mapped.items()}


_complete = C.Meaning.complete
C.Meaning.complete = complete


def main(split, specs):
    projects = split_projects(split)
    for spec in ["shipped", *specs]:
        SHARES[:] = [] if spec == "shipped" else [float(x) for x in spec.split(",")]
        SEEN.clear()
        report(spec, projects, lambda: f" | documented {SEEN['doc'] / max(1, SEEN['all']):.2f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
