"""Train a bias matrix with numpy: contrastive loss, hard negatives, pulled toward identity.

Loss per batch of B (query, code) pairs: softmax cross-entropy of each query
against the B codes of the batch plus `hard` mined negatives per query, and of
each code against the B queries (both directions), at temperature `tau`;
plus `l2 · ‖W − I‖²`, which keeps the general model's knowledge where the data
says nothing. Adam; early stopping on validation MRR with patience.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

import numpy as np

from app.core.bias.metrics import Metrics, metrics_from_ranks


@dataclass(frozen=True)
class TrainSettings:
    epochs: int = 40
    batch: int = 256
    lr: float = 1e-4
    tau: float = 0.03
    l2: float = 1e-3
    hard: int = 2
    hard_pool: int = 20
    patience: int = 4
    seed: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class TrainResult:
    weights: np.ndarray
    best_epoch: int
    before: Metrics
    after: Metrics
    history: list[dict[str, float]]
    seconds: float


def rank_of_positive(queries: np.ndarray, codes: np.ndarray, weights: np.ndarray | None = None,
                     block: int = 1024) -> list[int]:
    """Rank (1-based) of codes[i] for queries[i] among all `codes`, scored (W q)·d."""
    projected = queries if weights is None else queries @ weights.T
    ranks: list[int] = []
    for start in range(0, len(projected), block):
        scores = projected[start:start + block] @ codes.T
        own = scores[np.arange(len(scores)), np.arange(start, start + len(scores))]
        ranks.extend((scores > own[:, None]).sum(axis=1) + 1)
    return [int(r) for r in ranks]


def evaluate(queries: np.ndarray, codes: np.ndarray, weights: np.ndarray | None = None) -> Metrics:
    return metrics_from_ranks(rank_of_positive(queries, codes, weights))


def mine_hard_negatives(queries: np.ndarray, codes: np.ndarray, pool: int,
                        block: int = 1024) -> np.ndarray:
    """Per query, the `pool` codes the raw model ranks highest, its own code excluded."""
    out = np.empty((len(queries), pool), dtype=np.int64)
    for start in range(0, len(queries), block):
        scores = queries[start:start + block] @ codes.T
        rows = np.arange(len(scores))
        scores[rows, rows + start] = -np.inf
        top = np.argpartition(-scores, pool, axis=1)[:, :pool]
        order = np.argsort(-np.take_along_axis(scores, top, axis=1), axis=1)
        out[start:start + len(scores)] = np.take_along_axis(top, order, axis=1)
    return out


def _softmax_grad(logits: np.ndarray) -> tuple[float, np.ndarray]:
    """Cross-entropy with the diagonal as the right answer: (loss, dloss/dlogits)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    prob = exp / exp.sum(axis=1, keepdims=True)
    n = len(logits)
    idx = np.arange(n)
    loss = float(-np.log(prob[idx, idx] + 1e-12).mean())
    prob[idx, idx] -= 1.0
    return loss, prob / n


def train_matrix(train_q: np.ndarray, train_d: np.ndarray, val_q: np.ndarray,
                 val_d: np.ndarray, settings: TrainSettings,
                 progress: Callable[[str], None] | None = None,
                 start: np.ndarray | None = None) -> TrainResult:
    """Learn W (d×d) so that (W q)·d ranks each query's own code first.

    Training starts from, and is pulled toward, `start` (the identity unless
    given: a personal matrix starts from the shipped one).
    """
    started = time.monotonic()
    rng = np.random.default_rng(settings.seed)
    dim = train_q.shape[1]
    anchor = np.eye(dim) if start is None else start.astype(np.float64)
    weights = anchor.copy()
    m = np.zeros_like(weights)
    v = np.zeros_like(weights)
    step = 0
    hard = (mine_hard_negatives(train_q, train_d, settings.hard_pool)
            if settings.hard else np.zeros((len(train_q), 0), dtype=np.int64))
    before = evaluate(val_q, val_d, None if start is None else start)
    best, best_weights, best_epoch, waited = before.mrr, anchor.copy(), 0, 0
    history: list[dict[str, float]] = []
    for epoch in range(1, settings.epochs + 1):
        order = rng.permutation(len(train_q))
        losses = []
        for offset in range(0, len(order) - settings.batch + 1, settings.batch):
            idx = order[offset:offset + settings.batch]
            q, d = train_q[idx].astype(np.float64), train_d[idx].astype(np.float64)
            candidates = d
            if settings.hard:
                picks = hard[idx[:, None], rng.integers(0, settings.hard_pool,
                                               size=(len(idx), settings.hard))]
                candidates = np.vstack([d, train_d[picks.ravel()].astype(np.float64)])
            p = q @ weights.T
            loss_qd, g_qd = _softmax_grad(p @ candidates.T / settings.tau)
            loss_dq, g_dq = _softmax_grad(d @ p.T / settings.tau)
            grad_p = (g_qd @ candidates + g_dq.T @ d) / settings.tau
            grad = grad_p.T @ q + 2 * settings.l2 * (weights - anchor)
            step += 1
            m = 0.9 * m + 0.1 * grad
            v = 0.999 * v + 0.001 * grad * grad
            weights -= settings.lr * (m / (1 - 0.9 ** step)) / (
                np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
            losses.append(loss_qd + loss_dq)
        score = evaluate(val_q, val_d, weights.astype(np.float32))
        history.append({"epoch": epoch, "loss": float(np.mean(losses)), "val_mrr": score.mrr})
        if progress:
            progress(f"epoch {epoch}: loss {np.mean(losses):.4f}, validation MRR {score.mrr:.4f}")
        if score.mrr > best:
            best, best_weights, best_epoch, waited = score.mrr, weights.copy(), epoch, 0
        else:
            waited += 1
            if waited >= settings.patience:
                break
    final = best_weights.astype(np.float32)
    return TrainResult(final, best_epoch, before, evaluate(val_q, val_d, final), history,
                       time.monotonic() - started)
