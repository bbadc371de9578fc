"""More sets the ranking must not hurt: human queries and behaviour descriptions.

- CoNaLa test: 500 intents people wrote for Stack Overflow questions, each over
  the snippet that answers it (short, human-phrased queries, as web searches are);
- the 27 hand-written behaviour queries over the standard library's json, email
  and http packages (documented code), and a second set of 160 over 14 other packages
  (logging, urllib, asyncio, unittest, xml, ...), written blind on 7 Dec;
- the same 187 over the functions of their packages, each alone in a file, with and
  without its docstring (`function_pool`: the shape of a set of web queries over code).

Each runs through the real indexer and searcher in every configuration, and is
judged as `kenning bias eval` judges them: a query's rank is the position of the
first result whose file and line range hold the answer's first line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.bias.eval_sets import STDLIB_QUERIES_2, conala_set, stdlib_queries, stdlib_set
from app.core.bias.evaluate import evaluate_set
from app.core.bias.metrics import Metrics
from app.core.errors import KenningError
from app.quality.evaluate import CONFIGURATIONS, harness_engine, index_dir
from app.quality.function_pool import function_pool_set


def guard_dir() -> Path:
    return index_dir() / "guard-sets"


def run_guards(say: Callable[[str], None] = print) -> dict[str, dict[str, Metrics]]:
    """Set name → configuration → metrics. Without the CoNaLa data set (another
    machine), its guard is left out, and said so; the stdlib ones still run."""
    work = guard_dir()
    work.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict[str, Metrics]] = {}
    sets = []
    try:
        sets.append(("conala", conala_set("test", work)))
    except KenningError as exc:
        say(f"CoNaLa guard left out: {exc}")
    sets.append(("stdlib", stdlib_set(stdlib_queries(), work)))
    sets.append(("stdlib-2", stdlib_set(stdlib_queries(STDLIB_QUERIES_2), work,
                                        "stdlib behaviour queries, second set", "stdlib-2")))
    both = stdlib_queries() + stdlib_queries(STDLIB_QUERIES_2)
    sets.append(("function-pool", function_pool_set(both, work, docs=True)))
    sets.append(("function-pool-nodocs", function_pool_set(both, work, docs=False)))
    for name, eval_set in sets:
        engine = harness_engine(work / f"{name}.db")
        out[eval_set.name] = evaluate_set(engine, eval_set, CONFIGURATIONS, say)
    return out


def render(results: dict[str, dict[str, Metrics]]) -> list[str]:
    names = [name for name, _, _ in CONFIGURATIONS]
    head = ["set (queries)", *[f"{n} MRR" for n in names]]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for set_name, table in results.items():
        best = max(m.mrr for m in table.values())
        cells = [f"**{table[n].mrr:.3f}**" if table[n].mrr >= best - 1e-9
                 else f"{table[n].mrr:.3f}" for n in names]
        queries = next(iter(table.values())).queries
        lines.append(f"| {set_name} ({queries}) | " + " | ".join(cells) + " |")
    return lines
