"""More features for the learned order (7 Dec, morning; the dev projects it learns from):
does the forest gain from (a) the share of the query's words among the words of the
snippet's names (its symbol and the definitions it holds), (b) the share among its
symbol's alone, (c) the candidate's place among its file's candidates by hand-set
score, (d) how many candidates share its folder? Each variant's columns are added to
the shipped features (`learned_order.features` and `FEATURES` patched), then trained
and scored by the real trainer and ranking stage, each project unseen.
Usage: PYTHONPATH=. python learned_features.py"""
from collections import defaultdict
from dataclasses import replace

import numpy as np

from app.core.search import learned_order as lo
from app.core.search.ranking import _stem
from app.core.terms import split_identifier
from app.quality import learn_order as L
from app.quality.projects import load_projects

SHIPPED = lo.FEATURES
EXTRA = ("names' words", "symbol's words", "place in its file", "candidates in its folder")
_features = lo.features


def words_of(names):
    return {_stem(w.lower()) for n in names for part in n.split(".")
            for w in split_identifier(part)}


def extra(query, candidates, hand, rows):
    q = {_stem(w) for w in query.words} or {""}
    files = np.array([c.file_id for c in candidates])
    folders = [c.rel_path.rsplit("/", 1)[0] if "/" in c.rel_path else "" for c in candidates]
    count = defaultdict(int)
    for f in folders:
        count[f] += 1
    out = np.zeros((len(rows), len(EXTRA)))
    for r, i in enumerate(rows):
        c = candidates[i]
        out[r, 0] = len(q & words_of(c.names or ((c.symbol,) if c.symbol else ()))) / len(q)
        out[r, 1] = len(q & words_of((c.symbol,) if c.symbol else ())) / len(q)
        out[r, 2] = int((hand[files == c.file_id] > hand[i]).sum())
        out[r, 3] = count[folders[i]]
    return out


samples = L.collect(L.training_projects(load_projects()), say=lambda s: None)
hand_ndcg = [L.ndcg(s, None) for s in samples]


def extra_of(s):
    signals = L.Signals.of(s.query, s.candidates, L.HAND_SET)
    hand = np.asarray(L.hand_scores(s.query, s.candidates, signals, L.HAND_SET))
    return extra(s.query, s.candidates, hand, lo.top_rows(hand))


more = [extra_of(s) for s in samples]
for name, added in (("shipped features", []), ("+ (a)", [0]), ("+ (b)", [1]),
                    ("+ (c)", [2]), ("+ (d)", [3]), ("+ all four", [0, 1, 2, 3])):
    lo.FEATURES = SHIPPED + tuple(EXTRA[i] for i in added)

    def features(query, candidates, signals, hand, rows, _added=added):
        x = _features(query, candidates, signals, hand, rows)
        return np.hstack([x, extra(query, candidates, hand, rows)[:, _added]])

    lo.features = features
    variant = [replace(s, x=np.hstack([s.x, m[:, added]]))
               for s, m in zip(samples, more, strict=True)]
    by = defaultdict(list)
    for project in sorted({s.judgment.project for s in variant}):
        forest = L.train([s for s in variant if s.judgment.project != project])
        for s, hand in zip(variant, hand_ndcg, strict=True):
            if s.judgment.project == project:
                for key in ("all", s.judgment.kind, s.language):
                    by[key].append(L.ndcg(s, forest) - hand)
    print(f"{name:18}" + "  ".join(f"{k} {np.mean(v):+.4f}" for k, v in by.items()), flush=True)
