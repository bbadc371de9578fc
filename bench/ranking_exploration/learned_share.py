"""The matrix's share of meaning (`matrix_share`, 0.7: chosen with the hand-set order)
under the learned order: every dev query collected again with each share (the searcher's
weights), a forest trained per share on the other projects' sentences, NDCG@10 of all
390 queries, each project unseen. Usage: PYTHONPATH=. python learned_share.py SHARE ..."""
import sys
from collections import defaultdict
from dataclasses import replace

import numpy as np

from app.core.search import searcher as S
from app.core.search.query_kind import QueryKind
from app.core.search.ranking import WEIGHTS, rank
from app.quality import learn_order as L
from app.quality.evaluate import K
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects

_init = S.Searcher.__init__
for share in (float(a) for a in sys.argv[1:]):
    weights = replace(WEIGHTS, matrix_share=share)

    def init(self, *args, _w=weights, **kwargs):
        _init(self, *args, **kwargs)
        self.weights = _w

    S.Searcher.__init__ = init
    samples = L.collect([p for p in load_projects() if p.split == "dev"], names=True,
                        say=lambda s: None)
    natural = [s for s in samples if s.query.kind is QueryKind.NATURAL]
    forests = {p: L.train([s for s in natural if s.judgment.project != p], L.ROUNDS)
               for p in sorted({s.judgment.project for s in samples})}
    by = defaultdict(list)
    for s in samples:
        for name, forest in (("hand", None), ("learned", forests[s.judgment.project])):
            ranked = rank(s.query, s.candidates, K, replace(weights, learned_order=bool(forest)),
                          forest)
            by_id = {c.chunk_id: c for c in s.candidates}
            hits = [Hit(by_id[r.chunk_id].rel_path, by_id[r.chunk_id].start_line,
                        by_id[r.chunk_id].end_line) for r in ranked]
            v = score(s.judgment, hits).ndcg
            for key in ("all", s.judgment.kind, s.language):
                by[name, key].append(v)
    print(f"share {share}: " + "  ".join(f"{n} {k} {np.mean(v):.4f}" for (n, k), v in by.items()
                                         if k in ("all", "behaviour", "architecture", "symbol")),
          flush=True)
    print("   learned by language: " + "  ".join(
        f"{k} {np.mean(v):.4f}" for (n, k), v in by.items()
        if n == "learned" and k not in ("all", "behaviour", "architecture", "symbol")), flush=True)
