"""Train a bias matrix with numpy: contrastive loss, hard negatives, pulled toward identity.

Two forms (see matrix.py), chosen by `TrainSettings.sides`:
- "both" (shipped): A for queries and B for snippets, scored by the cosine of
  A q and B d;
- "query": A alone, scored (A q) · d' with d' the snippet vectors as given (a
  personal matrix keeps the shipped B and feeds B d / ‖B d‖ here).

Loss per batch of B (query, code) pairs: softmax cross-entropy of each query
against the batch's codes plus `hard` mined negatives per query, and of each
code against the batch's queries (both directions), at temperature `tau`;
plus `l2 · ‖M − M₀‖²` for each matrix M, which keeps the general model's
knowledge where the data says nothing. Adam; early stopping on validation MRR
with patience.
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
    tau: float = 0.05
    l2: float = 1e-3
    hard: int = 2
    hard_pool: int = 20
    patience: int = 4
    seed: int = 0
    sides: str = "both"

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
    doc_weights: np.ndarray | None = None


def _unit(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    norms = np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)
    return x / norms, norms


def unit_rows(x: np.ndarray) -> np.ndarray:
    """`x`'s rows scaled to unit length (a single vector: itself)."""
    return _unit(x)[0]


def rank_of_positive(queries: np.ndarray, codes: np.ndarray, weights: np.ndarray | None = None,
                     doc_weights: np.ndarray | None = None, block: int = 1024) -> list[int]:
    """Rank (1-based) of codes[i] for queries[i] among all `codes`, scored as the searcher does."""
    projected = queries if weights is None else queries @ weights.T
    if doc_weights is not None:
        codes = unit_rows(codes @ doc_weights.T)
    ranks: list[int] = []
    for start in range(0, len(projected), block):
        scores = projected[start:start + block] @ codes.T
        own = scores[np.arange(len(scores)), np.arange(start, start + len(scores))]
        ranks.extend((scores > own[:, None]).sum(axis=1) + 1)
    return [int(r) for r in ranks]


def evaluate(queries: np.ndarray, codes: np.ndarray, weights: np.ndarray | None = None,
             doc_weights: np.ndarray | None = None) -> Metrics:
    return metrics_from_ranks(rank_of_positive(queries, codes, weights, doc_weights))


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


class Adam:
    """Adam on one matrix, pulled toward `anchor`."""

    def __init__(self, anchor: np.ndarray, settings: TrainSettings) -> None:
        self.anchor = anchor
        self.value = anchor.copy()
        self.settings = settings
        self._m = np.zeros_like(anchor)
        self._v = np.zeros_like(anchor)
        self._step = 0

    def update(self, grad: np.ndarray) -> None:
        grad = grad + 2 * self.settings.l2 * (self.value - self.anchor)
        self._step += 1
        self._m = 0.9 * self._m + 0.1 * grad
        self._v = 0.999 * self._v + 0.001 * grad * grad
        m_hat = self._m / (1 - 0.9 ** self._step)
        v_hat = self._v / (1 - 0.999 ** self._step)
        self.value -= self.settings.lr * m_hat / (np.sqrt(v_hat) + 1e-8)


def _contrastive(p: np.ndarray, c: np.ndarray, batch: int, tau: float
                 ) -> tuple[float, np.ndarray, np.ndarray]:
    """Loss and its gradients for mapped queries `p` (batch) against codes `c`
    (the batch's own first, then the hard negatives), in both directions."""
    loss_qc, g_qc = _softmax_grad(p @ c.T / tau)
    loss_cq, g_cq = _softmax_grad(c[:batch] @ p.T / tau)
    grad_p = (g_qc @ c + g_cq.T @ c[:batch]) / tau
    grad_c = g_qc.T @ p / tau
    grad_c[:batch] += g_cq @ p / tau
    return loss_qc + loss_cq, grad_p, grad_c


def _through_unit(grad: np.ndarray, unit: np.ndarray, norms: np.ndarray) -> np.ndarray:
    """The gradient with respect to x of a loss given its gradient at x / ‖x‖."""
    return (grad - unit * (unit * grad).sum(axis=1, keepdims=True)) / norms


def train_matrix(train_q: np.ndarray, train_d: np.ndarray, val_q: np.ndarray,
                 val_d: np.ndarray, settings: TrainSettings,
                 progress: Callable[[str], None] | None = None,
                 start: np.ndarray | None = None,
                 doc_weights: np.ndarray | None = None) -> TrainResult:
    """Learn A (and B when `settings.sides` is "both") so each query ranks its own code first.

    Training starts from, and is pulled toward, `start` and `doc_weights` (the
    identity unless given: a personal matrix starts from the shipped one). With
    sides "query", a given `doc_weights` stays fixed and is returned as is.
    """
    started = time.monotonic()
    rng = np.random.default_rng(settings.seed)
    dim = train_q.shape[1]
    both = settings.sides == "both"
    if settings.sides not in ("both", "query"):
        raise ValueError(f"sides must be 'both' or 'query', not {settings.sides!r}")
    a = Adam(np.eye(dim) if start is None else start.astype(np.float64), settings)
    b = Adam(np.eye(dim) if doc_weights is None else doc_weights.astype(np.float64), settings)
    codes = train_d.astype(np.float64)
    if not both and doc_weights is not None:
        codes = unit_rows(codes @ b.value.T)
    hard = (mine_hard_negatives(train_q, train_d, settings.hard_pool)
            if settings.hard else np.zeros((len(train_q), 0), dtype=np.int64))

    def current() -> tuple[np.ndarray, np.ndarray | None]:
        return (a.value.astype(np.float32),
                b.value.astype(np.float32) if both or doc_weights is not None else None)

    before = evaluate(val_q, val_d, start, doc_weights)
    best, best_weights, best_epoch, waited = before.mrr, current(), 0, 0
    history: list[dict[str, float]] = []
    for epoch in range(1, settings.epochs + 1):
        order = rng.permutation(len(train_q))
        losses = []
        for offset in range(0, len(order) - settings.batch + 1, settings.batch):
            idx = order[offset:offset + settings.batch]
            picks = hard[idx[:, None], rng.integers(0, max(settings.hard_pool, 1),
                                                    size=(len(idx), settings.hard))]
            rows = np.concatenate([idx, picks.ravel()])
            q = train_q[idx].astype(np.float64)
            if both:
                p, p_norms = _unit(q @ a.value.T)
                c, c_norms = _unit(codes[rows] @ b.value.T)
                loss, grad_p, grad_c = _contrastive(p, c, len(idx), settings.tau)
                a.update(_through_unit(grad_p, p, p_norms).T @ q)
                b.update(_through_unit(grad_c, c, c_norms).T @ codes[rows])
            else:
                loss, grad_p, _ = _contrastive(q @ a.value.T, codes[rows], len(idx),
                                               settings.tau)
                a.update(grad_p.T @ q)
            losses.append(loss)
        score = evaluate(val_q, val_d, *current())
        history.append({"epoch": epoch, "loss": float(np.mean(losses)), "val_mrr": score.mrr})
        if progress:
            progress(f"epoch {epoch}: loss {np.mean(losses):.4f}, validation MRR {score.mrr:.4f}")
        if score.mrr > best:
            best, best_weights, best_epoch, waited = score.mrr, current(), epoch, 0
        else:
            waited += 1
            if waited >= settings.patience:
                break
    weights, doc = best_weights
    return TrainResult(weights, best_epoch, before, evaluate(val_q, val_d, weights, doc),
                       history, time.monotonic() - started, doc)
