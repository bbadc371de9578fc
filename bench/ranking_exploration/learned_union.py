"""Meaning retrieval by the matrix's vector and by the raw one: with the bias matrix on,
the semantic side retrieves by the mapped query alone, and on dev a behaviour query's
answer is among the candidates less often than without the matrix (0.930 against
0.943). Here the raw query's nearest R snippets join the candidates (their meaning
scored like the others': the blend). Leave-one-project-out on the dev sentences (forests
trained on the other projects with the same candidates), hand-set and learned, and the
candidates' recall of an answer (grade 2), per kind.
Usage: PYTHONPATH=. python learned_union.py R [R ...]   (R = 0: as shipped)"""
import sys
from collections import defaultdict

import numpy as np

from app.core.search import searcher as S
from app.core.search.semantic import semantic_search
from app.quality import learn_order as L
from app.quality.projects import load_projects

_candidates = S.Searcher.candidates
EXTRA = 0


def candidates(self, request, query):
    found, biased = _candidates(self, request, query)
    if not (EXTRA and biased):
        return found, biased
    raw = self.embed_query(request.query)
    conn = self.store.conn
    ids = [i for i, _ in semantic_search(conn, raw, EXTRA, "1", [], None, self.in_memory_index)]
    have = {c.chunk_id for c in found}
    extra = [i for i in ids if i not in have]
    if not extra:
        return found, biased
    # scored like the pool's (the blend of both cosines), BM25 0: appended after them
    meaning = S.Meaning(self.bias.apply(raw), self.bias.doc_scale
                        if self.bias.doc_weights is not None else None, raw,
                        self.weights.matrix_share)
    return found + S.load_candidates(conn, extra, {}, {}, meaning), biased


S.Searcher.candidates = candidates


def main(extras: list[int]) -> None:
    global EXTRA
    dev = [p for p in load_projects() if p.split == "dev"]
    for extra in extras:
        EXTRA = extra
        samples = L.collect(dev, say=lambda s: None, names=True)
        recall = defaultdict(list)
        for s in samples:
            hit = any(L.grade(s.judgment, c) == 2 for c in s.candidates)
            for key in ("all", s.judgment.kind):
                recall[key].append(hit)
        natural = [s for s in samples if s.query.kind.name == "NATURAL"]
        by = defaultdict(list)
        for project in sorted({s.judgment.project for s in natural}):
            forest = L.train([s for s in natural if s.judgment.project != project])
            for s in natural:
                if s.judgment.project == project:
                    for key in ("all", s.judgment.kind, s.language):
                        by[key].append((L.ndcg(s, None), L.ndcg(s, forest)))
        names = [L.ndcg(s, None) for s in samples if s.query.kind.name != "NATURAL"]
        print(f"R={extra}: recall " + " ".join(f"{k} {np.mean(v):.3f}" for k, v in recall.items())
              + f" | names (hand-set) {np.mean(names):.4f} | sentences hand -> learned: "
              + "  ".join(f"{k} {np.mean(v, axis=0)[0]:.4f}->{np.mean(v, axis=0)[1]:.4f}"
                          for k, v in by.items()), flush=True)


if __name__ == "__main__":
    main(list(map(int, sys.argv[1:])))
