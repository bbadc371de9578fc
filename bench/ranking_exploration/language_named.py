"""A language named in the query ("rust retry with backoff", "... in rust"): files in other
languages x f. The 789 held-out queries over 45 repositories in 7 languages (one index, as a
developer's ~/code) asked as written and with their language's name first or last; CoNaLa's
500 over Python alone. MRR through the real searcher with the matrix.
Run from the checkout: PYTHONPATH=. python bench/ranking_exploration/language_named.py"""
import dataclasses
import statistics
from collections import defaultdict
from pathlib import Path

from app.core.bias.dataset import read_pairs
from app.core.bias.eval_sets import conala_set, heldout_set
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.engine import Engine, EngineConfig
from app.core.search.ranking import WEIGHTS
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.quality.guards import guard_dir

FACTORS = (1.0, 0.9, 0.8, 0.7, 0.5)
FORMS = {"as written": lambda q, lang: q, "name first": lambda q, lang: f"{lang} {q}",
         "name last": lambda q, lang: f"{q} in {lang}"}
NAMES = {"go": "golang"}  # "go" alone is not read as a language
DATA = Path("build/bias-data")
languages = [r["language"] for r in read_pairs(DATA / "pairs-test.jsonl")]
SETS = (("held-out", Path("/tmp/biaseval/held-out.db"),
         lambda: list(zip(heldout_set(DATA).queries, languages))),
        ("CoNaLa", guard_dir() / "conala.db",
         lambda: [(q, "python") for q in conala_set("test", guard_dir()).queries]))
results: dict[tuple[str, str, float], list[float]] = defaultdict(list)
for set_name, db, queries in SETS:
    engine = Engine(EngineConfig(db_path=db))
    with engine.open_store(readonly=True) as store:
        base = engine.searcher(store)
        for f in FACTORS:
            searcher = Searcher(store, base.embed_query, base.bias,
                                dataclasses.replace(WEIGHTS, other_language=f))
            for q, language in queries():
                for form, ask in FORMS.items():
                    rank = rank_of(searcher.search(SearchRequest(
                        ask(q.query, NAMES.get(language, language)), DEPTH, Mode.HYBRID,
                        True)).results, q)
                    results[(set_name, form, f)].append(1 / rank if rank else 0.0)
print("| set, form (queries) | " + " | ".join(f"f = {f}" for f in FACTORS) + " |")
print("| --- |" + " --- |" * len(FACTORS))
for set_name, form in sorted({k[:2] for k in results}):
    print(f"| {set_name}, {form} ({len(results[(set_name, form, 1.0)])}) | " + " | ".join(
        f"{statistics.mean(results[(set_name, form, f)]):.4f}" for f in FACTORS) + " |")
