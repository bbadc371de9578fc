"""More sets the ranking must not hurt: human queries and behaviour descriptions.

- CoNaLa test: 500 intents people wrote for Stack Overflow questions, each over
  the snippet that answers it (short, human-phrased queries, as web searches are);
- the 27 hand-written behaviour queries over the standard library's json, email
  and http packages (documented code), and a second set of 160 over 14 other packages
  (logging, urllib, asyncio, unittest, xml, ...), written blind on 7 Dec;
- the same 187 over the functions of their packages, each alone in a file, with and
  without its docstring (`function_pool`: the shape of a set of web queries over code);
- every documented function of boltons and lodash, its doc sentence as the query, over
  the package's code with the documentation stripped (`package_sets`: the shape of a set
  of behaviour descriptions over undocumented code).

Each runs through the real indexer and searcher in every configuration, and is
judged as `kenning bias eval` judges them: a query's rank is the position of the
first result whose file and line range hold the answer's first line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.core.bias.eval_sets import STDLIB_QUERIES_2, conala_set, stdlib_queries, stdlib_set
from app.core.bias.evaluate import EvalSet, evaluate_set
from app.core.bias.metrics import Metrics
from app.core.engine import Engine
from app.core.errors import KenningError
from app.quality.evaluate import CONFIGURATIONS, harness_engine, index_dir
from app.quality.function_pool import function_pool_set
from app.quality.package_sets import PACKAGES, package_set


def guard_dir() -> Path:
    return index_dir() / "guard-sets"


def run_guards(say: Callable[[str], None] = print) -> dict[str, dict[str, Metrics]]:
    """Set name → configuration → metrics. Without the CoNaLa data set (another
    machine), its guard is left out, and said so; the others still run."""
    work = guard_dir()
    work.mkdir(parents=True, exist_ok=True)
    both = stdlib_queries() + stdlib_queries(STDLIB_QUERIES_2)
    # Each set is built when its turn comes, with its own engine (the package sets cut
    # their code with the model's token counter).
    builders: list[tuple[str, Callable[[Engine], EvalSet]]] = [
        ("conala", lambda _: conala_set("test", work)),
        ("stdlib", lambda _: stdlib_set(stdlib_queries(), work)),
        ("stdlib-2", lambda _: stdlib_set(stdlib_queries(STDLIB_QUERIES_2), work,
                                          "stdlib behaviour queries, second set", "stdlib-2")),
        ("function-pool", lambda _: function_pool_set(both, work, docs=True)),
        ("function-pool-nodocs", lambda _: function_pool_set(both, work, docs=False)),
    ]
    builders += [(f"{source.name}-doc-derived",
                  lambda engine, source=source: package_set(
                      source, work, engine.query_embedder().count_tokens))
                 for source in PACKAGES]
    out: dict[str, dict[str, Metrics]] = {}
    for name, build in builders:
        engine = harness_engine(work / f"{name}.db")
        try:
            eval_set = build(engine)
        except KenningError as exc:
            say(f"the {name} guard left out: {exc}")
            continue
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
