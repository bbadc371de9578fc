"""The matrix's query side (A) fine-tuned on the evaluation set's dev queries with other
settings than `make tuned-matrix`'s (7 Dec, sessions 28 and 29), through
app.quality.tune_matrix's own collection and training: for each setting, the pool MRR
of the held-out fifth of the learning projects before and after, then the default
through the real searcher with A trained on all of them: dev (in-sample for the
learning projects), the blind check (`learn = false`: never trained on) and the guard
sets. It starts from models/bias-base/ when that exists (the shipped matrix is then
the tuned one); the shipped file is not written.
Usage: PYTHONPATH=. python matrix_from_queries.py EPOCHS:LR:L2 [EPOCHS:LR:L2 ...]"""
import sys
from dataclasses import replace

from default_runs import report, split_projects

import app.core.engine as engine_module
from app.core.bias.matrix import BiasMatrix
from app.core.bias.registry import ActiveBias, active_bias
from app.quality import tune_matrix
from app.quality.evaluate import project_engine


def base_examples() -> tuple[list, ActiveBias, list[tune_matrix.Example]]:
    """The dev projects, the base matrix made the active one (the candidates' too), and
    tune_matrix's examples of the learning projects collected with it."""
    projects = split_projects("dev")
    fingerprint = project_engine(projects[0]).model_fingerprint()
    active = active_bias(fingerprint)
    base = tune_matrix.base_path(fingerprint)
    if base.is_file():
        active = replace(active, matrix=BiasMatrix.load(base))
    engine_module.active_bias = lambda fingerprint: active
    examples = tune_matrix.collect([p for p in projects if p.learn], active.matrix,
                                   say=lambda s: None)
    return projects, active, examples


def main(specs: list[str]) -> None:
    projects, active, examples = base_examples()
    names = sorted({e.project for e in examples})
    held_names = set(names[::tune_matrix.HELD_OUT_EVERY])
    fit = [e for e in examples if e.project not in held_names]
    held = [e for e in examples if e.project in held_names]
    a0 = active.matrix.weights.astype("float64")
    print(f"{len(examples)} queries; held out: {', '.join(sorted(held_names))}; "
          f"pool MRR before {tune_matrix.pool_mrr(a0, held):.4f}", flush=True)
    report("base A", projects)
    for spec in specs:
        epochs, lr, l2 = spec.split(":")
        settings = replace(tune_matrix.SETTINGS, epochs=int(epochs), lr=float(lr),
                           l2=float(l2))
        after = tune_matrix.pool_mrr(tune_matrix.tune(a0, fit, settings), held)
        a = tune_matrix.tune(a0, examples, settings).astype("float32")
        tuned = replace(active, matrix=replace(active.matrix, weights=a))
        engine_module.active_bias = lambda fingerprint, tuned=tuned: tuned
        report(f"{spec} held-out pool MRR {after:.4f}", projects)


if __name__ == "__main__":
    main(sys.argv[1:])
