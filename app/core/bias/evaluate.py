"""Judge the product, not the matrix alone: index real code, run real searches.

An evaluation set is a folder of code plus queries, each with the file and
line its answer sits at. The folder is indexed by the real indexer, the
queries go through the real searcher in each configuration, and a query's
rank is the position of the first result whose file and line range hold the
answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.bias.metrics import Metrics, metrics_from_ranks
from app.core.engine import Engine
from app.core.search.ranking import FUNCTION_KINDS
from app.core.search.request import Mode, SearchRequest, SearchResult

DEPTH = 100

CONFIGURATIONS: tuple[tuple[str, Mode, bool], ...] = (
    ("lexical", Mode.LEXICAL, False),
    ("semantic raw", Mode.SEMANTIC, False),
    ("semantic + matrix", Mode.SEMANTIC, True),
    ("hybrid raw", Mode.HYBRID, False),
    ("hybrid + matrix", Mode.HYBRID, True),
)


@dataclass(frozen=True)
class EvalQuery:
    query: str
    path: Path
    line: int


@dataclass(frozen=True)
class EvalSet:
    name: str
    root: Path
    queries: list[EvalQuery]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({
            "name": self.name, "root": str(self.root),
            "queries": [{"query": q.query, "path": str(q.path.relative_to(self.root)),
                         "line": q.line} for q in self.queries]}, indent=1), "utf-8")

    @classmethod
    def load(cls, path: Path) -> EvalSet:
        data = json.loads(path.read_text("utf-8"))
        root = Path(data["root"])
        if not root.is_absolute():
            root = (path.parent / root).resolve()
        return cls(data["name"], root, [EvalQuery(q["query"], root / q["path"], q["line"])
                                        for q in data["queries"]])


def rank_of(results: Sequence[SearchResult], query: EvalQuery) -> int:
    """The position of the first result that is the answer's function (0: none in the
    results): its reported lines hold the function's first line, or it is a piece of the
    function (a result is a definition: its best piece is reported, its preview shows the
    whole function). A piece of a class holding the function does not count."""
    target = str(query.path.absolute())  # as the indexer stores it (`--data` may be relative)
    for position, result in enumerate(results, start=1):
        if result.path == target and (result.start_line <= query.line <= result.end_line
                                      or _piece_of_function(result, query.line)):
            return position
    return 0


def _piece_of_function(result: SearchResult, line: int) -> bool:
    return (result.kind in FUNCTION_KINDS and result.def_start is not None
            and result.def_end is not None and result.def_start <= line <= result.def_end)


def evaluate_set(engine: Engine, eval_set: EvalSet,
                 configurations: Sequence[tuple[str, Mode, bool]] = CONFIGURATIONS,
                 progress: Callable[[str], None] | None = None) -> dict[str, Metrics]:
    """Index the set's folder into the engine's index, then score each configuration."""
    engine.index([eval_set.root])
    out: dict[str, Metrics] = {}
    with engine.open_store(readonly=True) as store:
        searcher = engine.searcher(store)
        for name, mode, use_bias in configurations:
            ranks = [rank_of(searcher.search(SearchRequest(q.query, DEPTH, mode, use_bias))
                             .results, q) for q in eval_set.queries]
            out[name] = metrics_from_ranks(ranks)
            if progress:
                progress(f"{eval_set.name}: {name}: MRR {out[name].mrr:.4f}")
    return out
