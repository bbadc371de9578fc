"""The tuning of `make tuned-matrix` with CoNaLa's training intents mixed in (7 Dec,
session 28): looser anchoring gave more on held-out dev projects but cost the guard
sets; do the intents (the guard's kind of query, its test split untouched) keep both?
Each intent is an example against its own snippet and NEG random other training
snippets. Held-out fifth of the dev projects as in tune_matrix, then the default
through the real searcher (dev, blind check by kind, guard sets).
Usage: PYTHONPATH=. python matrix_with_intents.py INTENTS L2 [EPOCHS]"""
import sys
from dataclasses import replace

import numpy as np
from default_runs import report, split_projects

import app.core.engine as engine_module
from app.core.bias.eval_sets import conala_pairs
from app.core.bias.matrix import BiasMatrix
from app.core.bias.registry import active_bias
from app.quality import tune_matrix as tm
from app.quality.evaluate import project_engine
from app.quality.learn_order import training_projects
from app.quality.projects import load_projects

NEG = 63


def intents(engine, base, count, rng):
    pairs = conala_pairs("train")
    picked = [pairs[i] for i in rng.permutation(len(pairs))[:count]]
    embedder = engine.query_embedder()
    queries = embedder.embed([p["intent"] for p in picked]).astype(np.float64)
    codes = tm.unit_rows(embedder.embed([p["code"] for p in picked]).astype(np.float64)
                         @ base.doc_weights.astype(np.float64).T)
    out = []
    for i in range(len(picked)):
        others = rng.choice(np.delete(np.arange(len(picked)), i), NEG, replace=False)
        out.append(tm.Example("conala", queries[i], codes[i:i + 1], codes[others]))
    return out


def main(count, l2, epochs=10):
    projects = split_projects("dev")
    engine = project_engine(projects[0])
    fingerprint = engine.model_fingerprint()
    base = BiasMatrix.load(tm.base_path(fingerprint))
    active = replace(active_bias(fingerprint), matrix=base)
    engine_module.active_bias = lambda fingerprint: active
    examples = tm.collect(training_projects(load_projects()), base, say=lambda s: None)
    extra = intents(engine, base, count, np.random.default_rng(0)) if count else []
    names = sorted({e.project for e in examples})
    held_names = set(names[::tm.HELD_OUT_EVERY])
    fit = [e for e in examples if e.project not in held_names] + extra
    held = [e for e in examples if e.project in held_names]
    settings = replace(tm.SETTINGS, l2=l2, epochs=epochs)
    a0 = base.weights.astype(np.float64)
    after = tm.pool_mrr(tm.tune(a0, fit, settings), held)
    a = tm.tune(a0, examples + extra, settings)
    tuned = replace(active, matrix=replace(base, weights=a.astype(np.float32)))
    engine_module.active_bias = lambda fingerprint: tuned
    report(f"i{count} l2 {l2}", projects, lambda: f" | held-out pool MRR {after:.4f}")


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), *map(int, sys.argv[3:]))
