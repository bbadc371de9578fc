"""The queries written by hand for training functions: only training packages, matched by key."""

from __future__ import annotations

from app.core.bias.data.sources import load_manifest
from app.core.bias.data.written import load_written, written_pairs


def test_written_queries_come_from_training_packages_only() -> None:
    written = load_written()
    assert len(written) > 2000
    split = {f"{s.ecosystem}:{s.name}": s.split() for s in load_manifest()}
    packages = {repo for repo, _, _, _ in written}
    # A validation or test package's function would let the matrix see what judges it.
    assert {split.get(repo) for repo in packages} == {"train"}
    assert len(packages) > 100
    assert all(3 <= len(query.split()) <= 25 for query in written.values())


def test_a_written_query_pairs_with_its_function_and_nothing_else() -> None:
    records = [
        {"repo": "pypi:toolz", "path": "toolz/dicttoolz.py", "symbol": "update_in",
         "start_line": 240, "query": "return a new dictionary with a nested value updated",
         "code": "def update_in(d, keys, func, default=None, factory=dict): ..."},
        {"repo": "pypi:toolz", "path": "toolz/dicttoolz.py", "symbol": "update_in",
         "start_line": 300, "query": "another function of the same name", "code": "..."},
    ]
    written = {("pypi:toolz", "toolz/dicttoolz.py", "update_in", 240):
               "change a value deep in a nested dict without mutating it"}
    pairs = written_pairs(records, written)
    assert [(p["query"], p["code"]) for p in pairs] == [
        ("change a value deep in a nested dict without mutating it", records[0]["code"])]
    assert records[0]["query"].startswith("return")  # the harvested pair stays as it was
