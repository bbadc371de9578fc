"""The matrix's query side (A) fine-tuned on the evaluation set's dev queries (7 Dec,
session 28). The matrix learnt documentation sentences and written queries against
other packages' functions; here each dev query of the projects the learned order
learns from (`learn = true`) is a training example against its own project's
candidates: its answers' snippets the positives, the other candidates retrieval gave
(the default's pool) the negatives. B stays (no row factor changes). Then the default
through the real searcher with the new A: dev (in-sample for the learning projects),
the blind check (`learn = false`: never trained on) and the guard sets.
It starts from models/bias-base/ when that exists (the shipped matrix is then the tuned one).
Usage: PYTHONPATH=. python matrix_from_queries.py EPOCHS LR L2 [OUT.npy]"""
import sys
from dataclasses import replace

import numpy as np
from default_runs import report, split_projects

import app.core.engine as engine_module
from app.core.bias.matrix import BiasMatrix
from app.core.bias.registry import active_bias
from app.core.search.query_kind import analyse
from app.core.search.request import Mode, SearchRequest
from app.core.search.vector_index import float_vectors
from app.quality.evaluate import K, project_engine, settle
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit
from app.quality.tune_matrix import base_path

TAU = 0.05


def unit(x):
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def answer_chunks(conn, judgment, grades):
    ids = set()
    for span in judgment.relevant:
        if span.grade in grades:
            ids.update(row[0] for row in conn.execute(
                "SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id WHERE f.rel_path = ?"
                " AND c.start_line <= ? AND c.end_line >= ?", (span.path, span.end, span.start)))
    return ids


def collect(projects, b):
    """(project, query vector, positive codes, negative codes) per query."""
    rows = []
    for project in projects:
        engine = project_engine(project)
        with engine.open_store(readonly=True) as store:
            searcher = engine.searcher(store)
            settle(searcher)
            for j in load_judgments(project):
                request = SearchRequest(j.query, K, Mode.HYBRID, True)
                with store.conn:
                    candidates, _ = searcher.candidates(request, analyse(j.query))
                    relevant = answer_chunks(store.conn, j, (1, 2))
                    positive = answer_chunks(store.conn, j, (2,))
                    negative = [c.chunk_id for c in candidates
                                if c.chunk_id not in relevant
                                and not any(Hit.at(c).hits(s) for s in j.relevant)]
                    ids = sorted(positive) + negative
                    present, vectors = float_vectors(store.conn, ids)
                if not positive or vectors is None:
                    continue
                codes = unit(vectors.astype(np.float64) @ b.T)
                is_pos = np.array([i in positive for i in present])
                rows.append((project.name, searcher.embed_query(j.query).astype(np.float64),
                             codes[is_pos], codes[~is_pos]))
    return rows


def loss_and_grad(a, row):
    _, q, pos, neg = row
    u = a @ q
    norm = np.linalg.norm(u)
    p = u / norm
    codes = np.vstack([pos, neg])
    s = codes @ p / TAU
    s -= s.max()
    e = np.exp(s)
    prob = e / e.sum()
    target = np.zeros_like(prob)
    target[:len(pos)] = e[:len(pos)] / e[:len(pos)].sum()
    loss = -np.log(prob[:len(pos)].sum() + 1e-12)
    grad_p = codes.T @ (prob - target) / TAU
    grad_u = (grad_p - p * (p @ grad_p)) / norm
    return loss, np.outer(grad_u, q)


def mrr(a, rows):
    out = []
    for _, q, pos, neg in rows:
        p = unit(a @ q)
        best = (pos @ p).max()
        out.append(1.0 / (1 + int((neg @ p > best).sum())))
    return float(np.mean(out))


def train(a0, rows, epochs, lr, l2, seed=0, say=print, held=()):
    rng = np.random.default_rng(seed)
    a = a0.copy()
    m = np.zeros_like(a)
    v = np.zeros_like(a)
    step = 0
    for epoch in range(epochs):
        losses = []
        for batch in np.array_split(rng.permutation(len(rows)), max(1, len(rows) // 32)):
            grad = np.zeros_like(a)
            for i in batch:
                loss, g = loss_and_grad(a, rows[i])
                grad += g
                losses.append(loss)
            grad = grad / len(batch) + 2 * l2 * (a - a0)
            step += 1
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad * grad
            a -= lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
        say(f"epoch {epoch + 1}: loss {np.mean(losses):.4f} train MRR {mrr(a, rows):.4f}"
            + (f" held-out MRR {mrr(a, held):.4f}" if held else ""))
    return a


def main(epochs, lr, l2, out=None):
    projects = split_projects("dev")
    fingerprint = project_engine(projects[0]).model_fingerprint()
    active = active_bias(fingerprint)
    base = base_path(fingerprint)  # once the tuned matrix ships, start from its base
    if base.is_file():
        active = replace(active, matrix=BiasMatrix.load(base))
        engine_module.active_bias = lambda fingerprint: active  # the candidates' too
    a0 = active.matrix.weights.astype(np.float64)
    b = active.matrix.doc_weights.astype(np.float64)
    learning = [p for p in projects if p.learn]
    rows = collect(learning, b)
    names = sorted({r[0] for r in rows})
    held_names = set(names[::5])  # a fifth of the projects held out, to watch for overfit
    fit = [r for r in rows if r[0] not in held_names]
    held = [r for r in rows if r[0] in held_names]
    print(f"{len(rows)} queries; start: train MRR {mrr(a0, fit):.4f}, "
          f"held-out {mrr(a0, held):.4f} ({', '.join(sorted(held_names))})", flush=True)
    train(a0, fit, epochs, lr, l2, held=held)
    a = train(a0, rows, epochs, lr, l2, say=lambda s: None)  # all of them, for the searcher
    if out:
        np.save(out, np.stack([a, b]).astype(np.float32))
    tuned = replace(active, matrix=replace(active.matrix, weights=a.astype(np.float32)))
    engine_module.active_bias = lambda fingerprint: tuned
    report("tuned A", projects)


if __name__ == "__main__":
    main(int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), *sys.argv[4:])
