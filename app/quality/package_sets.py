"""Behaviour descriptions over a package's undocumented code: boltons and lodash.

The issue keeps back a set of behaviour descriptions over undocumented functions of
boltons and lodash. These two sets are ours, built the way the matrix's held-out
repositories are (`app/core/bias/data/build.py`): every documented function of the
package gives a query (its doc comment's first sentence, rewritten the way people
search), answered by the same function among the package's files with all their
documentation stripped. boltons is left out of the matrix's training sources and lodash
is one of its test packages, so neither was trained on.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from app.core.bias.data.build import build_dataset
from app.core.bias.data.harvest import TokenCounter
from app.core.bias.data.sources import Source, Split
from app.core.bias.eval_sets import heldout_set
from app.core.bias.evaluate import EvalSet
from app.core.errors import KenningError
from app.core.paths import cache_dir

PACKAGES = (Source("pypi", "boltons", "26.2.0"), Source("npm", "lodash", "4.17.21"))
EVERY_PAIR = 1_000_000


@dataclass(frozen=True)
class _WholePackage(Source):
    """A package whose every pair is a query (the test split's corpus is written)."""

    def split(self) -> Split:
        return "test"


def build_package_data(source: Source, data: Path, count_tokens: TokenCounter) -> int:
    """Harvest every documented function of `source` into `data` as the test split of a
    bias data set (what `kenning bias eval --data` reads); the number of queries. A
    package that gives none is a clear error, and `data` is left empty."""
    shutil.rmtree(data, ignore_errors=True)
    report = build_dataset([_WholePackage(source.ecosystem, source.name, source.version)],
                           cache_dir() / "bias-sources", data, count_tokens,
                           per_repo={"train": 0, "validation": 0, "test": EVERY_PAIR})
    (outcome,) = report.sources
    if outcome.error or not outcome.kept:
        shutil.rmtree(data, ignore_errors=True)
        raise KenningError(f"{source.key}=={source.version} gave no queries: "
                           f"{outcome.error or 'no documented function'}")
    return outcome.kept


def package_set(source: Source, out: Path, count_tokens: TokenCounter) -> EvalSet:
    """The package's doc-derived queries over its doc-stripped files, built in
    `out`/`<name>-doc-derived` the first time (fetched into the bias data's cache)."""
    data = out / f"{source.name}-doc-derived"
    if not (data / "sources.json").exists():  # written last: a build cut short is redone
        build_package_data(source, data, count_tokens)
    held_out = heldout_set(data)
    return EvalSet(f"{source.name} {source.version}, doc-derived queries over its "
                   "undocumented code", held_out.root, held_out.queries)
