"""The evaluation sets `kenning bias eval` runs, built from data on disk.

- held-out repositories: the test split of the harvested data set — code of
  packages never trained on, docs stripped, queries rewritten from their docs;
- CoNaLa test: intents people wrote for Stack Overflow questions, over the
  snippets that answer them (human-phrased queries);
- stdlib behaviour queries: hand-written descriptions of what functions of the
  standard library's json/email/http packages do, over the documented code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sysconfig
from importlib import resources
from pathlib import Path

from app.core.bias.data.build import corpus_path
from app.core.bias.dataset import read_pairs
from app.core.bias.evaluate import EvalQuery, EvalSet
from app.core.errors import KenningError

# CoNaLa (CC BY-SA 4.0) is not in the repository: it is read from the workplace's shared
# data sets next to the checkout (../shared/datasets/conala), or from $KENNING_CONALA_DIR.
CONALA_ENV = "KENNING_CONALA_DIR"
BESIDE_CHECKOUT = Path(__file__).resolve().parents[3].parent / "shared" / "datasets" / "conala"


def conala_dir() -> Path:
    """Where CoNaLa is read from: $KENNING_CONALA_DIR (set by `--conala`), else next to
    the checkout."""
    return Path(os.environ.get(CONALA_ENV) or BESIDE_CHECKOUT)
STDLIB_QUERIES = "stdlib_queries.json"
# A second, larger set over other packages (logging, urllib, asyncio, unittest, xml...):
# a guard of the ranking stage only (`make quality`), kept apart so the first set's
# figures stay comparable with their history.
STDLIB_QUERIES_2 = "stdlib_queries_2.json"

Query = tuple[str, str, tuple[str, ...]]


def stdlib_queries(name: str = STDLIB_QUERIES) -> list[Query]:
    """(query, file under the stdlib, accepted symbols), written by hand."""
    text = resources.files("app.core.bias.data").joinpath(name).read_text("utf-8")
    return [(q["query"], q["file"], tuple(q["symbols"])) for q in json.loads(text)]


def heldout_set(data: Path, split: str = "test") -> EvalSet:
    records = read_pairs(data / f"pairs-{split}.jsonl")
    root = data / "corpus" / split
    queries = [EvalQuery(r["query"], corpus_path(data, split, r), r["start_line"])  # type: ignore[arg-type]
               for r in records]
    return EvalSet(f"held-out repositories ({split})", root, queries)


def conala_pairs(name: str) -> list[dict[str, str]]:
    """CoNaLa's `name` split (train, test), or a clear error when the data set is missing."""
    source = conala_dir() / f"{name}.json"
    try:
        return json.loads(source.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise KenningError(
            f"CoNaLa is needed and not readable at {source} ({exc}); put the data set "
            f"(train.json, test.json) there, or give its folder (--conala PATH, "
            f"${CONALA_ENV})") from exc


def conala_set(name: str, out: Path) -> EvalSet:
    """One file per CoNaLa snippet of split `name`; each intent's answer is its file."""
    pairs = conala_pairs(name)
    root = out / "conala"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    queries = []
    for number, pair in enumerate(pairs):
        path = root / f"snippet_{number:04d}.py"
        path.write_text(pair["code"] + "\n", "utf-8")
        queries.append(EvalQuery(pair["intent"], path, 1))
    return EvalSet(f"CoNaLa {name} (human queries)", root, queries)


def stdlib_set(queries: list[Query], out: Path, name: str = "stdlib behaviour queries",
               folder: str = "stdlib") -> EvalSet:
    """A copy of the stdlib packages the queries name (in `out`/`folder`), each query's
    answer at its `def`. The queries were written against Python 3.11's stdlib; one whose
    function another version has moved or removed is left out."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    root = out / folder
    shutil.rmtree(root, ignore_errors=True)
    for package in sorted({suffix.split("/")[0] for _, suffix, _ in queries}):
        if (stdlib / package).is_dir():
            shutil.copytree(stdlib / package, root / package,
                            ignore=shutil.ignore_patterns("__pycache__"))
    found = []
    for query, suffix, symbols in queries:
        line = def_line(root / suffix, symbols[0].rsplit(".", 1)[-1])
        if line is not None:
            found.append(EvalQuery(query, root / suffix, line))
    return EvalSet(name, root, found)


def def_line(path: Path, function: str) -> int | None:
    """The line of the first `def function(` in the file, if it has one."""
    pattern = re.compile(rf"^\s*def {re.escape(function)}\(")
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return None
    return next((i for i, text in enumerate(lines, start=1) if pattern.match(text)), None)
