"""The matrix's snippet side (B) fine-tuned on the dev queries beside its query side (A)
(7 Dec, session 30). B was learnt on code stripped of its documentation; a project's
code is indexed with it. Here each dev query of the learning projects is an example
against its own project's candidates as tune_matrix collects them, and both A and B
move (Adam each, pulled toward the base). The raw snippet vectors are recovered from
tune_matrix's mapped ones (B is invertible, the stored vectors unit length). For each
setting: the held-out fifth's pool MRR before and after, then the default through the
real searcher with A and B trained on all of them (dev, the blind check, the guards).
Usage: PYTHONPATH=. python matrix_both_sides.py EPOCHS:LR_A:LR_B:L2[:L2_B] [...]
(LR_B 0: B stays, which is tune_matrix's own training)."""
import sys
from dataclasses import replace

import numpy as np
from default_runs import report
from matrix_from_queries import base_examples

import app.core.engine as engine_module
from app.core.bias.train import Adam, unit_rows
from app.quality import tune_matrix


def loss_grads(a, b, query, positives, negatives, tau):
    """Loss of one example and its gradients for A and B; positives/negatives raw."""
    mapped_q = a @ query
    norm_q = float(np.linalg.norm(mapped_q))
    p = mapped_q / norm_q
    raw = np.vstack([positives, negatives])
    m = raw @ b.T
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    u = m / norms
    logits = u @ p / tau
    exp = np.exp(logits - logits.max())
    prob = exp / exp.sum()
    n = len(positives)
    target = np.zeros_like(prob)
    target[:n] = exp[:n] / exp[:n].sum()
    loss = float(-np.log(prob[:n].sum() + 1e-300))
    coef = (prob - target) / tau                     # dL/dlogit * tau ... per code
    grad_p = u.T @ coef
    grad_mq = (grad_p - p * (p @ grad_p)) / norm_q
    grad_u = np.outer(coef, p)                       # dL/du_j
    grad_m = (grad_u - u * (u * grad_u).sum(axis=1, keepdims=True)) / norms
    return loss, np.outer(grad_mq, query), grad_m.T @ raw


def pool_mrr(a, b, examples):
    ranks = []
    for q, pos, neg in examples:
        p = unit_rows(a @ q)
        best = float((unit_rows(pos @ b.T) @ p).max())
        ranks.append(1.0 / (1 + int((unit_rows(neg @ b.T) @ p > best).sum())))
    return float(np.mean(ranks))


def tune(a0, b0, examples, epochs, lr_a, lr_b, l2, l2_b, tau=0.05, batch=32, seed=0):
    rng = np.random.default_rng(seed)
    base = tune_matrix.SETTINGS
    adam_a = Adam(a0.copy(), replace(base, lr=lr_a, l2=l2))
    adam_b = Adam(b0.copy(), replace(base, lr=lr_b, l2=l2_b))
    batches = max(1, len(examples) // batch)
    for _ in range(epochs):
        for part in np.array_split(rng.permutation(len(examples)), batches):
            ga = np.zeros_like(a0)
            gb = np.zeros_like(b0)
            for i in part:
                _, g1, g2 = loss_grads(adam_a.value, adam_b.value, *examples[i], tau)
                ga += g1
                gb += g2
            adam_a.update(ga / len(part))
            if lr_b > 0:
                adam_b.update(gb / len(part))
    return adam_a.value, adam_b.value


def main(specs: list[str]) -> None:
    projects, active, collected = base_examples()
    b0 = active.matrix.doc_weights.astype("float64")
    unmap = np.linalg.inv(b0).T
    examples = [(e.project, (e.query, unit_rows(e.positives @ unmap),
                             unit_rows(e.negatives @ unmap))) for e in collected]
    names = sorted({name for name, _ in examples})
    held_names = set(names[::tune_matrix.HELD_OUT_EVERY])
    fit = [x for name, x in examples if name not in held_names]
    held = [x for name, x in examples if name in held_names]
    every = [x for _, x in examples]
    a0 = active.matrix.weights.astype("float64")
    print(f"{len(every)} queries; held out: {', '.join(sorted(held_names))}; "
          f"pool MRR before {pool_mrr(a0, b0, held):.4f}", flush=True)
    for spec in specs:
        epochs, lr_a, lr_b, l2, *l2_b = spec.split(":")
        args = (int(epochs), float(lr_a), float(lr_b), float(l2), float((l2_b or [l2])[0]))
        after = pool_mrr(*tune(a0, b0, fit, *args), held)
        a, b = tune(a0, b0, every, *args)
        tuned = replace(active, matrix=replace(active.matrix, weights=a.astype("float32"),
                                               doc_weights=b.astype("float32")))
        engine_module.active_bias = lambda fingerprint, tuned=tuned: tuned
        report(f"{spec} held-out pool MRR {after:.4f}", projects)


if __name__ == "__main__":
    main(sys.argv[1:])
