"""Learning to rank over the ranking stage's own signals (the trial of 7 Dec).

Reads the dumps of ltr_dump.py, turns each candidate into features (the hand-tuned
score among them), and trains LightGBM's LambdaRank to order the candidates; the rest of
the stage (pieces collapsed, heads, coherence, diversity) is the shipped code. Scored
offline with the harness's own metrics; the shipped order is reproduced first.

Usage: PYTHONPATH=. python ltr.py DEV.pkl [TEST.pkl]
  leave-one-project-out on dev (each fold trained on the other projects), then trained on
  all of dev and scored on test when given."""
import json
import os
import pickle
import sys
from collections import defaultdict

import lightgbm as lgb
import numpy as np

from app.core.search import ranking as R
from app.core.search.query_kind import QueryKind
from app.quality.metrics import Hit, score

import learned_order as L

W = R.WEIGHTS


def hand_scores(query, cands):
    """The shipped stage's hand-set scores before pieces collapse, and `named`."""
    signals = R.Signals.of(query, cands, W)
    return R.hand_scores(query, cands, signals, W), signals.named


def order(cands, scores, named, limit=10):
    groups = R.collapse(cands, scores)
    R.report_heads(groups, cands, named)
    R.cohere(groups, cands, W.coherence)
    return R.diversify(groups, cands, limit, W.file_decay, W.file_free)


def ndcg(row, scores, named):
    judgment, cands = row[0], row[4]
    by_id = {c.chunk_id: c for c in cands}
    hits = [Hit(by_id[r.chunk_id].rel_path, by_id[r.chunk_id].start_line,
                by_id[r.chunk_id].end_line) for r in order(cands, scores, named)]
    return score(judgment, hits).ndcg


def features(row):
    query, cands = row[3], row[4]
    signals = R.Signals.of(query, cands, W)
    hand = R.hand_scores(query, cands, signals, W)
    return L.features(query, cands, signals, hand), signals.named


def labels(row):
    judgment, cands = row[0], row[4]
    out = []
    for c in cands:
        g = 0
        for span in judgment.relevant:
            if span.path == c.rel_path and span.start <= c.end_line and c.start_line <= span.end:
                g = max(g, span.grade)
        out.append(g)
    return out


def prepare(rows):
    return [(row, *features(row), labels(row)) for row in rows]


PARAMS = dict(objective="lambdarank", metric="ndcg", ndcg_eval_at=[10], learning_rate=0.05,
              num_leaves=7, min_data_in_leaf=50, feature_fraction=0.8, bagging_fraction=0.8,
              bagging_freq=1, lambdarank_truncation_level=20, verbose=-1, seed=1,
              num_threads=1)


TRAIN_NATURAL_ONLY = False


def train(prepared, rounds):
    if TRAIN_NATURAL_ONLY:
        prepared = [p for p in prepared if p[0][3].kind is QueryKind.NATURAL]
    x = np.vstack([p[1] for p in prepared])
    y = np.concatenate([p[3] for p in prepared])
    groups = [len(p[3]) for p in prepared]
    data = lgb.Dataset(x, y, group=groups, feature_name=[f"f{i}" for i in range(x.shape[1])])
    return lgb.train(PARAMS, data, num_boost_round=rounds)


NATURAL_ONLY = False


def learned(model, prepared_row):
    if NATURAL_ONLY and prepared_row[0][3].kind is QueryKind.IDENTIFIER:
        return hand_scores(prepared_row[0][3], prepared_row[0][4])[0]
    s = model.predict(prepared_row[1])
    t = os.environ.get("LTR_TRANSFORM", "exp1")
    if t == "minmax":
        return ((s - s.min()) / (s.max() - s.min() or 1)).tolist()
    out = np.exp(float(t[3:]) * (s - s.max()))
    alpha = float(os.environ.get("LTR_MIX", "1"))
    if alpha < 1:
        hand = np.asarray(hand_scores(prepared_row[0][3], prepared_row[0][4])[0])
        out = alpha * out + (1 - alpha) * hand / max(hand.max(), 1e-9)
    return out.tolist()


def report(name, prepared, scorer):
    by = defaultdict(list)
    crowd = []
    for p in prepared:
        row = p[0]
        scores = scorer(p)
        v = ndcg(row, scores, p[2])
        files = defaultdict(int)
        by_id = {c.chunk_id: c for c in row[4]}
        for r in order(row[4], scores, p[2]):
            files[by_id[r.chunk_id].file_id] += 1
        crowd.append(max(files.values()))
        for key in ("all", row[0].kind, row[1]):
            by[key].append(v)
    print(name, "  ".join(f"{k} {sum(v) / len(v):.4f}" for k, v in by.items()),
          f" crowded {sum(c > 5 for c in crowd)} max-per-file {np.mean(crowd):.2f}", flush=True)
    return sum(by["all"]) / len(by["all"])


def main():
    global NATURAL_ONLY, TRAIN_NATURAL_ONLY
    import os
    NATURAL_ONLY = os.environ.get("LTR_NATURAL_ONLY") == "1"
    TRAIN_NATURAL_ONLY = os.environ.get("LTR_TRAIN_NATURAL_ONLY") == "1"
    for item in os.environ.get("LTR_PARAMS", "").split(","):
        if item:
            k, v = item.split("=")
            PARAMS[k] = type(PARAMS[k])(v) if k in PARAMS else float(v)
    dev = prepare(pickle.load(open(sys.argv[1], "rb")))
    shipped = [r[0][2].ndcg for r in dev]
    hand = [ndcg(p[0], hand_scores(p[0][3], p[0][4])[0], p[2]) for p in dev]
    print("dev shipped (searcher)", round(np.mean(shipped), 4), " offline",
          round(np.mean(hand), 4), " mismatches", sum(abs(a - b) > 1e-9
                                                      for a, b in zip(shipped, hand)))
    report("hand", dev, lambda p: hand_scores(p[0][3], p[0][4])[0])
    projects = sorted({p[0][0].project for p in dev})
    for rounds in (int(a) for a in (sys.argv[3:] or ["50", "100", "200", "400"])):
        fold_scores = {}
        for project in projects:
            model = train([p for p in dev if p[0][0].project != project], rounds)
            for p in dev:
                if p[0][0].project == project:
                    fold_scores[id(p)] = learned(model, p)
        report(f"cv rounds={rounds}", dev, lambda p: fold_scores[id(p)])
        if len(sys.argv) > 2 and sys.argv[2] != "-":
            test = prepare(pickle.load(open(sys.argv[2], "rb")))
            model = train(dev, rounds)
            report("test hand", test, lambda p: hand_scores(p[0][3], p[0][4])[0])
            report(f"test rounds={rounds}", test, lambda p: learned(model, p))
    if os.environ.get("LTR_SAVE"):
        model = train(dev, rounds)
        forest = L.forest_from_lightgbm(model.dump_model())
        with open(os.environ["LTR_SAVE"], "w") as f:
            json.dump(forest, f, separators=(",", ":"))
        print("saved", os.environ["LTR_SAVE"], rounds, "rounds")


if __name__ == "__main__":
    main()
