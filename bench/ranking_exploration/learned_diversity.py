"""Per-file diversity under the learned order: with the forest on, `make quality`'s
signal table shows "no per-file diversity" above the default (test +0.007). Leave-one-
project-out on every dev query (forests trained on the other projects' sentences, as
shipped; identifiers keep the hand-set order), for several decays and free results.
Also counts queries where one file fills more than 5 of the 10 results.
Usage: PYTHONPATH=. python learned_diversity.py ALL.pkl  (learned_names.py makes ALL.pkl)"""
import pickle
import sys
from collections import Counter, defaultdict
from dataclasses import replace

import numpy as np

from app.core.search.query_kind import QueryKind
from app.core.search.ranking import WEIGHTS, rank
from app.quality import learn_order as L
from app.quality.evaluate import K
from app.quality.metrics import Hit, score

samples = pickle.load(open(sys.argv[1], "rb"))
natural = [s for s in samples if s.query.kind is QueryKind.NATURAL]
forests = {p: L.train([s for s in natural if s.judgment.project != p], L.ROUNDS)
           for p in sorted({s.judgment.project for s in samples})}
for decay, free in ((0.7, 4), (0.8, 4), (0.9, 4), (1.0, 4), (0.7, 5), (0.7, 3), (0.5, 4)):
    weights = replace(WEIGHTS, file_decay=decay, file_free=free)
    by = defaultdict(list)
    crowded = 0
    for s in samples:
        ranked = rank(s.query, s.candidates, K, weights, forests[s.judgment.project])
        by_id = {c.chunk_id: c for c in s.candidates}
        hits = [Hit(by_id[r.chunk_id].rel_path, by_id[r.chunk_id].start_line,
                    by_id[r.chunk_id].end_line) for r in ranked]
        v = score(s.judgment, hits).ndcg
        crowded += max(Counter(h.rel_path for h in hits).values(), default=0) > 5
        for key in ("all", s.judgment.kind, s.language):
            by[key].append(v)
    print(f"decay {decay} free {free}: crowded {crowded}  " + "  ".join(
        f"{k} {np.mean(v):.4f}" for k, v in by.items()), flush=True)
