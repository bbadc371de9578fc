"""`python -m app.quality.learn_order`: train the learned order's forest on the dev split.

Every natural-language query of the split goes through the real searcher's retrieval
(the default configuration: hybrid, the bias matrix on); the candidates the ranking
stage would re-score (the first `learned_order.TOP` of the hand-set order) become rows
of features, labelled by the judgments (the grade of the answer a snippet overlaps).
LightGBM's LambdaRank learns to order them. `--folds` first scores the choice the way
docs/QUALITY.md reports it: leave-one-project-out, each project ordered by a forest
trained on the others, NDCG@10 of the whole ranking stage against the hand-set order.

LightGBM is needed here only (`pip install -e '.[learn]'`); searching walks the written
node table with numpy (app/core/search/learned_order.py).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from app.core.errors import KenningError
from app.core.paths import shipped_models_dirs
from app.core.search import learned_order as lo
from app.core.search.query_kind import QueryInfo, QueryKind, analyse
from app.core.search.ranking import WEIGHTS, Candidate, Signals, hand_scores, rank
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import K, project_searcher
from app.quality.judgments import Judgment, load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import DEFAULT_SET_DIR, Project, load_projects

HAND_SET = replace(WEIGHTS, learned_order=False)
# LambdaRank with small trees: chosen on dev, leave-one-project-out (docs/QUALITY.md).
PARAMS = {"objective": "lambdarank", "metric": "ndcg", "ndcg_eval_at": [10],
          "learning_rate": 0.05, "num_leaves": 7, "min_data_in_leaf": 50,
          "lambdarank_truncation_level": 20, "verbose": -1, "seed": 1, "num_threads": 1,
          "deterministic": True, "force_row_wise": True}
ROUNDS = 120  # chosen on 19 dev projects (7 Dec), as good on 27 and 35: 70 underfits them


@dataclass(frozen=True)
class Sample:
    """One query (a sentence, unless collected with `names`): what the ranking stage
    sees of it, and its rows."""

    judgment: Judgment
    language: str
    query: QueryInfo
    candidates: list[Candidate]
    x: np.ndarray        # the features of the rows the forest re-scores
    labels: np.ndarray   # their grades (0: no answer)


def training_projects(projects: Sequence[Project], split: str = "dev") -> list[Project]:
    """The split's projects the forest learns from: not those kept as its blind check
    (`learn = false` in projects.toml; `make quality` reports the forest on them)."""
    return [p for p in projects if p.split == split and p.learn]


def collect(projects: Sequence[Project], set_dir: Path = DEFAULT_SET_DIR,
            say: Callable[[str], None] = print, names: bool = False) -> list[Sample]:
    """The split's natural-language queries (`names`: and its identifiers) with their
    candidates (indexes brought up to date first, as `python -m app.quality` does)."""
    samples = []
    for project in projects:
        # settled: the forest's rank features see the order of ties
        with project_searcher(project) as (store, searcher):
            for judgment in load_judgments(project, set_dir):
                query = analyse(judgment.query)
                if query.kind is not QueryKind.NATURAL and not names:
                    continue
                request = SearchRequest(judgment.query, K, Mode.HYBRID, True)
                with store.conn:
                    candidates, _ = searcher.candidates(request, query)
                if candidates:
                    samples.append(sample(judgment, project.language, query, candidates))
        say(f"{project.name}: {sum(s.judgment.project == project.name for s in samples)} "
            "queries")
    return samples


def sample(judgment: Judgment, language: str, query: QueryInfo,
           candidates: list[Candidate]) -> Sample:
    """The query's rows: the first TOP of its hand-set order, their features, grades."""
    signals = Signals.of(query, candidates, HAND_SET)
    hand = np.asarray(hand_scores(query, candidates, signals, HAND_SET))
    rows = lo.top_rows(hand)
    x = lo.features(query, candidates, signals, hand, rows)
    labels = np.array([grade(judgment, candidates[i]) for i in rows])
    return Sample(judgment, language, query, candidates, x, labels)


def grade(judgment: Judgment, candidate: Candidate) -> int:
    """The best grade of the answers the candidate's lines overlap."""
    hit = Hit.at(candidate)
    return max((span.grade for span in judgment.relevant if hit.hits(span)), default=0)


def train(samples: Sequence[Sample], rounds: int = ROUNDS) -> lo.Forest:
    """A forest trained on `samples` (LightGBM LambdaRank)."""
    return lo.Forest.from_json(train_table(samples, rounds))


def train_table(samples: Sequence[Sample], rounds: int = ROUNDS) -> dict:
    """The node table (JSON-ready) of a forest trained on `samples`."""
    try:
        import lightgbm
    except ImportError as exc:
        raise KenningError("training the learned order needs LightGBM: "
                           "pip install -e '.[learn]'") from exc
    data = lightgbm.Dataset(np.vstack([s.x for s in samples]),
                            np.concatenate([s.labels for s in samples]),
                            group=[len(s.labels) for s in samples])
    booster = lightgbm.train(PARAMS, data, num_boost_round=rounds)
    return lo.forest_from_lightgbm(booster.dump_model())


def ndcg(s: Sample, forest: lo.Forest | None) -> float:
    """NDCG@10 of the whole ranking stage with `forest` (None: the hand-set order)."""
    ranked = rank(s.query, s.candidates, K, WEIGHTS if forest else HAND_SET, forest)
    by_id = {c.chunk_id: c for c in s.candidates}
    return score(s.judgment, [Hit.at(by_id[r.chunk_id]) for r in ranked]).ndcg


def folds(samples: Sequence[Sample], rounds: int, say: Callable[[str], None]) -> None:
    """Leave-one-project-out: each project ordered by a forest trained on the others."""
    by: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for project in sorted({s.judgment.project for s in samples}):
        forest = train([s for s in samples if s.judgment.project != project], rounds)
        for s in samples:
            if s.judgment.project == project:
                pair = (ndcg(s, None), ndcg(s, forest))
                for key in ("all", s.judgment.kind, s.language):
                    by[key].append(pair)
    say("leave-one-project-out NDCG@10 (natural-language queries): hand-set -> learned")
    for key, pairs in by.items():
        hand, learned = np.mean(pairs, axis=0)
        say(f"  {key:14} {len(pairs):4}  {hand:.4f} -> {learned:.4f}  ({learned - hand:+.4f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.quality.learn_order",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET_DIR)
    parser.add_argument("--split", default="dev", choices=("dev", "test"))
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--folds", action="store_true",
                        help="first score leave-one-project-out against the hand-set order")
    parser.add_argument("--out", type=Path,
                        default=shipped_models_dirs()[0] / "ranking" / lo.FOREST_NAME)
    args = parser.parse_args(argv)
    say = lambda line: print(line, file=sys.stderr)  # noqa: E731
    try:
        projects = training_projects(load_projects(args.set), args.split)
        samples = collect(projects, args.set, say)
        if args.folds:
            folds(samples, args.rounds, say)
        table = train_table(samples, args.rounds)
    except KenningError as exc:
        print(f"kenning learn-order: {exc}", file=sys.stderr)
        return 1
    table["trained"] = {"split": args.split, "queries": len(samples),
                        "rows": int(sum(len(s.labels) for s in samples)),
                        "rounds": args.rounds, "params": PARAMS, "top": lo.TOP}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(table, separators=(",", ":")) + "\n", "utf-8")
    say(f"wrote {args.out} ({len(table['roots'])} trees, {len(samples)} queries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
