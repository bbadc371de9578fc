"""`python -m app.quality.tune_matrix`: fine-tune the matrix's query side on the dev queries.

The matrix (`make bias-matrix`) learnt documentation sentences, Stack Overflow intents
and queries written for other packages' functions, each against snippets of many
packages at once. A user's query runs against one project, where what competes with
the answer is the project's own code. Here each dev query of the projects the learned
order learns from (`learn = true` in projects.toml; the others stay its blind check)
is an example against its own project: the snippets of its answers (grade 2) the
positives, the other candidates the default's retrieval gives the negatives. Only the
query side A moves, from and pulled toward the base matrix's (l2); the snippet side B
stays, so no index's stored row factors change. A fifth of the projects held out
first says what the settings do on projects the tuning never saw (written to the
card); the shipped A is then trained on all of them.

The base matrix is kept in `models/bias-base/` (not installed): every run starts from
it, so running this twice gives the same matrix, not a matrix tuned twice.
`make bias-matrix` removes it, so the next run starts from the new one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import apsw
import numpy as np

from app.core.bias.matrix import BiasMatrix
from app.core.bias.registry import matrix_name
from app.core.bias.train import Adam, TrainSettings, unit_rows
from app.core.errors import KenningError
from app.core.paths import shipped_models_dirs
from app.core.search.query_kind import analyse
from app.core.search.request import Mode, SearchRequest
from app.core.search.vector_index import float_vectors
from app.quality.evaluate import K, project_engine, project_searcher
from app.quality.judgments import Judgment, load_judgments
from app.quality.learn_order import training_projects
from app.quality.projects import DEFAULT_SET_DIR, Project, load_projects

# Chosen on 7 Dec (session 28) by the held-out fifth and the guard sets, not by the
# blind check (docs/QUALITY.md, "The matrix's query side tuned on the dev queries").
SETTINGS = TrainSettings(epochs=10, batch=32, lr=1e-4, tau=0.05, l2=0.1, seed=0,
                         sides="query")
HELD_OUT_EVERY = 5  # every fifth project (in name order) held out for the card's figure


@dataclass(frozen=True)
class Example:
    """One query against its project: its vector, and its candidates' mapped snippets."""

    project: str
    query: np.ndarray       # the raw query vector (unit)
    positives: np.ndarray   # B d / |B d| of the answers' snippets, one per row
    negatives: np.ndarray   # ... of the other candidates


def collect(projects: Sequence[Project], base: BiasMatrix,
            set_dir: Path = DEFAULT_SET_DIR, say: Callable[[str], None] = print
            ) -> list[Example]:
    """Every query of `projects` whose answers are indexed, as an Example: its
    candidates those of the default's retrieval with the `base` matrix (not the
    shipped one, which may be an earlier tuning)."""
    assert base.doc_weights is not None
    doc_weights = base.doc_weights.astype(np.float64)
    examples = []
    for project in projects:
        with project_searcher(project) as (store, searcher):
            searcher.bias = base
            for judgment in load_judgments(project, set_dir):
                request = SearchRequest(judgment.query, K, Mode.HYBRID, True)
                with store.conn:
                    candidates, _ = searcher.candidates(request, analyse(judgment.query))
                    grades = answer_grades(store.conn, judgment)
                    positive = {i for i, grade in grades.items() if grade >= 2}
                    negative = [c.chunk_id for c in candidates if c.chunk_id not in grades]
                    present, vectors = float_vectors(store.conn, [*sorted(positive), *negative])
                if not positive or vectors is None:
                    continue
                mapped = unit_rows(vectors.astype(np.float64) @ doc_weights.T)
                is_positive = np.array([i in positive for i in present])
                query = searcher.embed_query(judgment.query).astype(np.float64)
                examples.append(Example(project.name, query, mapped[is_positive],
                                        mapped[~is_positive]))
        say(f"{project.name}: {sum(e.project == project.name for e in examples)} queries")
    return examples


def answer_grades(conn: apsw.Connection, judgment: Judgment) -> dict[int, int]:
    """The snippets overlapping the judgment's answers (as metrics.Hit counts a hit: same
    file, lines overlapping): chunk id → the best grade among the answers it overlaps."""
    grades: dict[int, int] = {}
    for span in judgment.relevant:
        for (chunk_id,) in conn.execute(
                "SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id "
                "WHERE f.rel_path = ? AND c.start_line <= ? AND c.end_line >= ?",
                (span.path, span.end, span.start)):
            grades[chunk_id] = max(grades.get(chunk_id, 0), span.grade)
    return grades


def loss_and_gradient(a: np.ndarray, example: Example, tau: float = SETTINGS.tau
                      ) -> tuple[float, np.ndarray]:
    """The example's loss (−log of the softmax mass its positives get among its
    candidates, cosines over `tau`) and its gradient with respect to A."""
    mapped = a @ example.query
    norm = float(np.linalg.norm(mapped))
    p = mapped / norm
    codes = np.vstack([example.positives, example.negatives])
    logits = codes @ p / tau
    exp = np.exp(logits - logits.max())
    prob = exp / exp.sum()
    n = len(example.positives)
    target = np.zeros_like(prob)
    target[:n] = exp[:n] / exp[:n].sum()
    loss = float(-np.log(prob[:n].sum() + 1e-300))
    grad_p = codes.T @ (prob - target) / tau
    grad_mapped = (grad_p - p * (p @ grad_p)) / norm
    return loss, np.outer(grad_mapped, example.query)


def pool_mrr(a: np.ndarray, examples: Sequence[Example]) -> float:
    """Mean reciprocal rank of each example's best positive among its candidates."""
    if not examples:
        return 0.0
    ranks = []
    for e in examples:
        p = unit_rows(a @ e.query)
        best = float((e.positives @ p).max())
        ranks.append(1.0 / (1 + int((e.negatives @ p > best).sum())))
    return float(np.mean(ranks))


def tune(base: np.ndarray, examples: Sequence[Example], settings: TrainSettings = SETTINGS,
         say: Callable[[str], None] | None = None,
         held_out: Sequence[Example] = ()) -> np.ndarray:
    """A trained from `base` (and pulled toward it) on `examples`, in batches, Adam."""
    rng = np.random.default_rng(settings.seed)
    adam = Adam(base.astype(np.float64), settings)
    batches = max(1, len(examples) // settings.batch)
    for epoch in range(1, settings.epochs + 1):
        losses = []
        for batch in np.array_split(rng.permutation(len(examples)), batches):
            grad = np.zeros_like(adam.value)
            for i in batch:
                loss, g = loss_and_gradient(adam.value, examples[i], settings.tau)
                grad += g
                losses.append(loss)
            adam.update(grad / len(batch))
        if say:
            said = f"epoch {epoch}: loss {np.mean(losses):.4f}"
            if held_out:
                said += f", held-out pool MRR {pool_mrr(adam.value, held_out):.4f}"
            say(said)
    return adam.value


def base_path(fingerprint: str) -> Path:
    return shipped_models_dirs()[0] / "bias-base" / matrix_name(fingerprint)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.quality.tune_matrix",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET_DIR)
    args = parser.parse_args(argv)
    say = lambda line: print(line, file=sys.stderr)  # noqa: E731
    try:
        projects = training_projects(load_projects(args.set))
        fingerprint = project_engine(projects[0]).model_fingerprint()
        shipped = shipped_models_dirs()[0] / "bias" / matrix_name(fingerprint)
        base_file = base_path(fingerprint)
        if not base_file.is_file():  # the first run: the shipped matrix is the base
            base_file.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(shipped, base_file)
            shutil.copy2(shipped.with_suffix(".json"), base_file.with_suffix(".json"))
        base = BiasMatrix.load(base_file)
        if base.doc_weights is None:
            raise KenningError(f"{base_file} has no snippet side to keep")
        examples = collect(projects, base, args.set, say)
    except KenningError as exc:
        print(f"kenning tune-matrix: {exc}", file=sys.stderr)
        return 1
    names = sorted({e.project for e in examples})
    held_names = set(names[::HELD_OUT_EVERY])
    fit = [e for e in examples if e.project not in held_names]
    held = [e for e in examples if e.project in held_names]
    a0 = base.weights.astype(np.float64)
    before = pool_mrr(a0, held)
    after = pool_mrr(tune(a0, fit, SETTINGS, say, held), held)
    weights = tune(a0, examples).astype(np.float32)
    card = dict(base.card)
    card["tuned_on_queries"] = {
        "what": "the query side A fine-tuned on the evaluation set's dev queries, each "
                "against its own project's candidates (python -m app.quality.tune_matrix)",
        "queries": len(examples), "projects": names,
        "settings": SETTINGS.as_dict(),
        "held_out": {"projects": sorted(held_names), "queries": len(held),
                     "pool_mrr_before": round(before, 4), "pool_mrr_after": round(after, 4)},
    }
    BiasMatrix(weights, card, base.doc_weights).save(shipped)
    say(f"wrote {shipped}: {len(examples)} queries; held-out pool MRR {before:.4f} -> "
        f"{after:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
