"""More features for the learned order (7 Dec, morning: 19, then 27 dev projects): does the forest
gain from (a) the share of the query's words among the words of the snippet's names
(its symbol and the definitions it holds), (b) the share among its symbol's alone,
(c) the candidate's place among its file's candidates by hand-set score, (d) how many
candidates share its folder? Leave-one-project-out on the dev sentences, ROUNDS rounds.
Usage: PYTHONPATH=. python learned_features.py"""
from collections import defaultdict

import numpy as np

from app.core.search import learned_order as lo
from app.core.search.ranking import _stem
from app.core.terms import split_identifier
from app.quality import learn_order as L
from app.quality.projects import load_projects

samples = L.collect([p for p in load_projects() if p.split == "dev"], say=lambda s: None)
hand_ndcg = {id(s): L.ndcg(s, None) for s in samples}


def words_of(names):
    return {_stem(w.lower()) for n in names for part in n.split(".")
            for w in split_identifier(part)}


def columns(s):
    from app.core.search.ranking import Signals, hand_scores
    signals = Signals.of(s.query, s.candidates, L.HAND_SET)
    hand = np.asarray(hand_scores(s.query, s.candidates, signals, L.HAND_SET))
    rows = lo.top_rows(hand)
    q = {_stem(w) for w in s.query.words} or {""}
    out = np.zeros((len(rows), 4))
    files = np.array([c.file_id for c in s.candidates])
    folders = [c.rel_path.rsplit("/", 1)[0] if "/" in c.rel_path else "" for c in s.candidates]
    count = defaultdict(int)
    for f in folders:
        count[f] += 1
    for r, i in enumerate(rows):
        c = s.candidates[i]
        out[r, 0] = len(q & words_of(c.names or ((c.symbol,) if c.symbol else ()))) / len(q)
        out[r, 1] = len(q & words_of((c.symbol,) if c.symbol else ())) / len(q)
        same = hand[files == c.file_id]
        out[r, 2] = int((same > hand[i]).sum())
        out[r, 3] = count[folders[i]]
    return out


EXTRA = {id(s): columns(s) for s in samples}

import lightgbm  # noqa: E402

from app.core.search import ranking as R  # noqa: E402
from app.quality.evaluate import K  # noqa: E402
from app.quality.metrics import Hit, score  # noqa: E402


def ndcg(s, booster, cols):
    signals = R.Signals.of(s.query, s.candidates, L.HAND_SET)
    hand = np.asarray(R.hand_scores(s.query, s.candidates, signals, L.HAND_SET))
    rows = lo.top_rows(hand)
    x = np.hstack([s.x, EXTRA[id(s)]])[:, cols]
    f = booster.predict(x)
    out = (1 - lo.FOREST_SHARE) * hand / max(hand.max(), 1e-9)
    out[rows] += lo.FOREST_SHARE * np.exp(lo.SCALE * (f - f.max()))
    groups = R.collapse(s.candidates, out.tolist())
    R.report_heads(groups, s.candidates, signals.named)
    R.cohere(groups, s.candidates, R.WEIGHTS.coherence)
    ranked = R.diversify(groups, s.candidates, K, R.WEIGHTS.file_decay, R.WEIGHTS.file_free)
    by_id = {c.chunk_id: c for c in s.candidates}
    return score(s.judgment, [Hit(by_id[r.chunk_id].rel_path, by_id[r.chunk_id].start_line,
                                  by_id[r.chunk_id].end_line) for r in ranked]).ndcg


n = len(lo.FEATURES)
base = list(range(n))
for name, cols in (("shipped features", base), ("+ (a) names' words", base + [n]),
                   ("+ (b) symbol's words", base + [n + 1]),
                   ("+ (c) place in its file", base + [n + 2]),
                   ("+ (d) candidates in its folder", base + [n + 3]),
                   ("+ all four", base + [n, n + 1, n + 2, n + 3])):
    by = defaultdict(list)
    for project in sorted({s.judgment.project for s in samples}):
        kept = [s for s in samples if s.judgment.project != project]
        booster = lightgbm.train(L.PARAMS, lightgbm.Dataset(
            np.vstack([np.hstack([s.x, EXTRA[id(s)]])[:, cols] for s in kept]),
            np.concatenate([s.labels for s in kept]), group=[len(s.labels) for s in kept]),
            num_boost_round=L.ROUNDS)
        for s in samples:
            if s.judgment.project == project:
                for key in ("all", s.judgment.kind, s.language):
                    by[key].append(ndcg(s, booster, cols) - hand_ndcg[id(s)])
    print(f"{name:32}" + "  ".join(f"{k} {np.mean(v):+.4f}" for k, v in by.items()), flush=True)
