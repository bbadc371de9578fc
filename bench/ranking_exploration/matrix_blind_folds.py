"""Would the matrix's query side gain from the blind projects' queries too? Two folds:
the blind projects (`learn = false`) split in two by name order (every other one); the
query side tuned (shipped settings, from models/bias-base/) on the learning projects
and one half, then the default on the other half (reported as "fresh": $FRESH is set
to it), the whole dev split and the guard sets; the shipped matrix on the same half
first. What it says: whether more tuning queries lift projects none of them came from.
Usage: PYTHONPATH=. python bench/ranking_exploration/matrix_blind_folds.py"""
import os
from dataclasses import replace

from default_runs import report
from matrix_from_queries import base_examples

import app.core.engine as engine_module
from app.quality import tune_matrix


def main() -> None:
    projects, active, learn_examples = base_examples()
    blind = sorted(p.name for p in projects if not p.learn)
    folds = (blind[::2], blind[1::2])
    a0 = active.matrix.weights.astype("float64")
    # the learning projects alone, as shipped, tuned on the same day's candidates
    alone = tune_matrix.tune(a0, learn_examples, tune_matrix.SETTINGS).astype("float32")
    for number, (tuned_on, unseen) in enumerate((folds, folds[::-1]), start=1):
        os.environ["FRESH"] = ",".join(unseen)
        engine_module.active_bias = _ORIGINAL
        report(f"fold {number} shipped", projects)
        extra = tune_matrix.collect([p for p in projects if p.name in tuned_on],
                                    active.matrix, say=lambda s: None)
        a = tune_matrix.tune(a0, learn_examples + extra, tune_matrix.SETTINGS)
        tuned = replace(active, matrix=replace(active.matrix, weights=a.astype("float32")))
        engine_module.active_bias = lambda fingerprint, tuned=tuned: tuned
        report(f"fold {number} +{len(extra)}", projects)
        tuned = replace(active, matrix=replace(active.matrix, weights=alone))
        engine_module.active_bias = lambda fingerprint, tuned=tuned: tuned
        report(f"fold {number} 27 only", projects)


_ORIGINAL = engine_module.active_bias

if __name__ == "__main__":
    main()
