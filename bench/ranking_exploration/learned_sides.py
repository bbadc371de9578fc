"""The learned order with the matrix's cosine and the raw model's apart (the shipped
forest sees only their blend): could it learn when to trust the matrix? Dev sentences,
leave-one-project-out, scored like the shipped stage (40 rows, half the hand-set score).
Usage: PYTHONPATH=. python learned_sides.py"""
from collections import defaultdict
from dataclasses import replace

import lightgbm
import numpy as np

from app.core.search import candidates as C
from app.core.search import learned_order as lo
from app.core.search import ranking as R
from app.quality import learn_order as L
from app.quality.evaluate import K
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects

_complete = C.Meaning.complete
SIDES = []


def complete(self, conn, ids, found):
    mapped = _complete(replace(self, share=1.0), conn, ids, found)
    raw = (_complete(replace(self, vector=self.raw, doc_scale=None, raw=None), conn, ids, {})
           if self.raw is not None else mapped)
    SIDES.append((mapped, raw))
    return _complete(self, conn, ids, found)


C.Meaning.complete = complete
_candidates = L.sample


def sample(judgment, language, query, candidates):
    s = _candidates(judgment, language, query, candidates)
    mapped, raw = SIDES[-1]
    hand = np.asarray(R.hand_scores(query, candidates, R.Signals.of(query, candidates,
                                                                      L.HAND_SET), L.HAND_SET))
    rows = lo.top_rows(hand)
    cols = []
    for side in (mapped, raw):
        v = np.array([side.get(c.chunk_id, 0.0) for c in candidates])
        spread = v.max() - v.min()
        norm = (v - v.min()) / spread if spread > 0 else np.ones(len(v))
        order = np.empty(len(v))
        order[np.argsort(-v, kind="stable")] = np.arange(len(v))
        cols += [v[rows], norm[rows], order[rows]]
    extra = np.column_stack(cols)
    return L.Sample(s.judgment, s.language, s.query, s.candidates, np.hstack([s.x, extra]),
                    s.labels)


L.sample = sample
samples = L.collect([p for p in load_projects() if p.split == "dev"], say=lambda s: None)


def ndcg(s, booster, columns):
    signals = R.Signals.of(s.query, s.candidates, L.HAND_SET)
    hand = np.asarray(R.hand_scores(s.query, s.candidates, signals, L.HAND_SET))
    rows = lo.top_rows(hand)
    f = booster.predict(s.x[:, columns])
    out = 0.5 * hand / max(hand.max(), 1e-9)
    out[rows] += 0.5 * np.exp(0.25 * (f - f.max()))
    groups = R.collapse(s.candidates, out.tolist())
    R.report_heads(groups, s.candidates, signals.named)
    R.cohere(groups, s.candidates, R.WEIGHTS.coherence)
    ranked = R.diversify(groups, s.candidates, K, R.WEIGHTS.file_decay, R.WEIGHTS.file_free)
    by_id = {c.chunk_id: c for c in s.candidates}
    return score(s.judgment, [Hit(by_id[r.chunk_id].rel_path, by_id[r.chunk_id].start_line,
                                  by_id[r.chunk_id].end_line) for r in ranked]).ndcg


base = list(range(len(lo.FEATURES)))
for name, columns in (("shipped features", base),
                      ("+ mapped and raw cosines apart", base + list(range(29, 35)))):
    by = defaultdict(list)
    for project in sorted({s.judgment.project for s in samples}):
        kept = [s for s in samples if s.judgment.project != project]
        booster = lightgbm.train(L.PARAMS, lightgbm.Dataset(
            np.vstack([s.x[:, columns] for s in kept]), np.concatenate([s.labels for s in kept]),
            group=[len(s.labels) for s in kept]), num_boost_round=L.ROUNDS)
        for s in samples:
            if s.judgment.project == project:
                for key in ("all", s.judgment.kind, s.language):
                    by[key].append(ndcg(s, booster, columns))
    print(name, "  ".join(f"{k} {np.mean(v):.4f}" for k, v in by.items()), flush=True)
