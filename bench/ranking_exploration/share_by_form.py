"""The matrix's share of meaning by the query's form (a name, a question, another
sentence), through the real searcher: the default on a split (by kind, language and
the blind check) and on the guard sets, each variant after the shipped share.
Usage: PYTHONPATH=. python share_by_form.py SPLIT name=ident:S,question:S,other:S ...
(7 Dec, session 28)."""
import sys
from dataclasses import replace

from default_runs import report, split_projects

from app.core.search.query_kind import QueryKind
from app.core.search.searcher import Searcher

SHARES: dict[str, float] = {}
_candidates = Searcher.candidates


def form(query) -> str:
    if query.kind is QueryKind.IDENTIFIER:
        return "ident"
    return "question" if query.question else "other"


def candidates(self, request, query):
    if not SHARES:
        return _candidates(self, request, query)
    saved = self.weights
    self.weights = replace(saved, matrix_share=SHARES[form(query)])
    try:
        return _candidates(self, request, query)
    finally:
        self.weights = saved


Searcher.candidates = candidates


def main(split: str, specs: list[str]) -> None:
    projects = split_projects(split)
    for spec in ["shipped", *specs]:
        SHARES.clear()
        if spec != "shipped":
            SHARES.update((k, float(v)) for k, v in
                          (pair.split(":") for pair in spec.split("=")[1].split(",")))
        report(spec.split("=")[0], projects)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
