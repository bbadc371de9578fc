"""Tasks asked as questions ("how to X", "how do I X"): the question prior's exponent for them.

Every behaviour query that is not already a question is asked again in both forms over the
quality indexes (dev and test, NDCG@10), the held-out repositories' index of `kenning bias
eval --data build/bias-data --work /tmp/biaseval` and the stdlib guard (MRR); the 9 task
questions written by hand are scored as written. Each exponent is given to every question,
through the real searcher with the matrix. (The task rule it led to, questions starting "how
to" or "how do I" left out of the prior, was shipped in eec2db2 and taken back: it lowered
three written queries.) Run from the checkout: PYTHONPATH=. python bench/ranking_exploration/task_questions.py
"""
import dataclasses
import re
import statistics
from collections import defaultdict
from pathlib import Path

from app.core.bias.eval_sets import heldout_set, stdlib_queries, stdlib_set
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.engine import Engine, EngineConfig
from app.core.search import query_kind
from app.core.search.ranking import WEIGHTS
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.quality.evaluate import K, project_engine
from app.quality.guards import guard_dir
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects

TASK = re.compile(
    r"(how|where)\s+(to|(do|can|could|would|should|might|shall)\s+(i|you|one|we)|does\s+one)\b")
EXPONENTS = (0.0, 0.01, 0.02, 0.03, 0.04)
FORMS = {"how to": lambda q: "how to " + q[0].lower() + q[1:],
         "how do I": lambda q: "how do I " + q[0].lower() + q[1:]}
SETS = (("held-out MRR", Path("/tmp/biaseval/held-out.db"),
         lambda: heldout_set(Path("build/bias-data")).queries),
        ("stdlib MRR", guard_dir() / "stdlib.db",
         lambda: stdlib_set(stdlib_queries(), guard_dir()).queries))


def searchers(base: Searcher) -> dict[float, Searcher]:
    return {f: Searcher(base.store, base.embed_query, base.bias,
                        dataclasses.replace(WEIGHTS, question_length=f)) for f in EXPONENTS}


def main() -> None:
    results: dict[tuple[str, float], list[float]] = defaultdict(list)
    for project in load_projects():
        engine = project_engine(project)
        with engine.open_store(readonly=True) as store:
            for f, searcher in searchers(engine.searcher(store)).items():
                for judgment in load_judgments(project):
                    asked = {"task questions as written": judgment.query} if TASK.match(
                        judgment.query.lower()) else {}
                    if judgment.kind == "behaviour" and not query_kind.analyse(judgment.query).question \
                            and not asked:
                        asked = {f"{project.split} behaviour, {form}": ask(judgment.query)
                                 for form, ask in FORMS.items()}
                    for name, query in asked.items():
                        response = searcher.search(SearchRequest(query, K, Mode.HYBRID, True))
                        hits = [Hit(r.rel_path, r.start_line, r.end_line) for r in response.results]
                        results[(name, f)].append(score(judgment, hits).ndcg)
    for set_name, db, queries in SETS:
        engine = Engine(EngineConfig(db_path=db))
        with engine.open_store(readonly=True) as store:
            for f, searcher in searchers(engine.searcher(store)).items():
                for form, ask in FORMS.items():
                    for q in queries():
                        rank = rank_of(searcher.search(SearchRequest(ask(q.query), DEPTH, Mode.HYBRID,
                                                                     True)).results, q)
                        results[(f"{set_name}, {form}", f)].append(1 / rank if rank else 0.0)
    print("| set (queries) | " + " | ".join(f"f = {f}" for f in EXPONENTS) + " |")
    print("| --- |" + " --- |" * len(EXPONENTS))
    for name in sorted({k[0] for k in results}):
        print(f"| {name} ({len(results[(name, 0.0)])}) | "
              + " | ".join(f"{statistics.mean(results[(name, f)]):.4f}" for f in EXPONENTS) + " |")


if __name__ == "__main__":
    main()
