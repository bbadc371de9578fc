"""Issue 2's acceptance: `kenning index` + `kenning search --json` on real code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import IndexedTree, run_kenning
from tests.e2e.stdlib_queries import QUERIES

TOP = 3
# Issue 2's bar for the engine and the default model alone (measured on 6 Dec: 24 of 27;
# 22 of 27 on 7 Dec with the learned order, which was trained on projects, not on this).
REQUIRED_HITS = 20
# With the shipped bias matrix (the default: its cosine blended with the raw one) the
# same run finds 23 of 27 (6 Dec; 24 of 27 on 7 Dec with the learned order; its effect on
# this set is reported in docs/QUALITY.md).
# This floor catches a broken or wrong matrix.
REQUIRED_HITS_WITH_MATRIX = 21


def _matches(result: dict, suffix: str, symbols: tuple[str, ...]) -> bool:
    symbol = result["symbol"] or ""
    return result["path"].endswith("/" + suffix) and any(
        symbol == s or symbol.endswith("." + s) for s in symbols)


def _misses(stdlib_index: IndexedTree, *flags: str) -> list[str]:
    stdin = "\n".join(q for q, _, _ in QUERIES) + "\n"
    run = run_kenning(["search", "--stdin", "--json", "-k", TOP, "--db", stdlib_index.db,
                       *flags], stdin=stdin)
    assert run.code == 0, run.err
    lines = run.json_lines()
    assert [line["query"] for line in lines] == [q for q, _, _ in QUERIES]
    misses = []
    for (query, suffix, symbols), line in zip(QUERIES, lines, strict=True):
        if not any(_matches(r, suffix, symbols) for r in line["results"][:TOP]):
            got = [f"{r['path'].split('/')[-2:]}:{r['symbol']}" for r in line["results"]]
            misses.append(f"{query!r}: wanted {suffix}:{symbols}, got {got}")
    print(f"{' '.join(flags) or 'default'}: {len(QUERIES) - len(misses)}/{len(QUERIES)} "
          f"queries with the right function in the top {TOP}")
    return misses


def test_behaviour_queries_find_the_function_in_top_3(stdlib_index: IndexedTree) -> None:
    misses = _misses(stdlib_index, "--no-bias")
    assert len(QUERIES) - len(misses) >= REQUIRED_HITS, "\n".join(misses)


def test_behaviour_queries_with_the_shipped_matrix(stdlib_index: IndexedTree) -> None:
    misses = _misses(stdlib_index)
    assert len(QUERIES) - len(misses) >= REQUIRED_HITS_WITH_MATRIX, "\n".join(misses)


def test_json_line_format(stdlib_index: IndexedTree) -> None:
    run = run_kenning(["search", "parse a cookie header", "--json", "-k", "5",
                       "--db", stdlib_index.db])
    assert run.code == 0, run.err
    (line,) = run.out.splitlines()
    payload = json.loads(line)
    assert list(payload) == ["query", "results"]
    assert len(payload["results"]) == 5
    scores = [r["score"] for r in payload["results"]]
    assert scores == sorted(scores, reverse=True)
    for result in payload["results"]:
        assert list(result)[:7] == ["path", "start_line", "end_line", "symbol", "language",
                                    "score", "text"]
        assert result["path"].startswith(str(stdlib_index.root))
        assert 1 <= result["start_line"] <= result["end_line"]
        lines = Path(result["path"]).read_text(encoding="utf-8").splitlines()
        assert "\n".join(lines[result["start_line"] - 1:result["end_line"]]) == result["text"]
        # Added fields: where the result lives, and the whole definition it is part of.
        assert list(result)[7:] == ["kind", "rel_path", "definition_start_line",
                                    "definition_end_line"]
        if result["definition_start_line"] is not None:
            assert (result["definition_start_line"] <= result["start_line"]
                    <= result["end_line"] <= result["definition_end_line"])
    # Pieces of one definition are one result.
    spans = [(r["path"], r["definition_start_line"]) for r in payload["results"]
             if r["definition_start_line"] is not None]
    assert len(spans) == len(set(spans))


NAMES = [("JSONDecoder", "json/decoder.py"), ("HTTPConnection", "http/client.py"),
         ("decode_header", "email/header.py"), ("SimpleCookie", "http/cookies.py"),
         ("Message.get_payload", "email/message.py"), ("parsedate_to_datetime", "email/utils.py"),
         ("BaseHTTPRequestHandler.send_error", "http/server.py")]


def test_a_name_finds_its_definition_first(stdlib_index: IndexedTree) -> None:
    stdin = "\n".join(name for name, _ in NAMES) + "\n"
    run = run_kenning(["search", "--stdin", "--json", "--db", stdlib_index.db], stdin=stdin)
    assert run.code == 0, run.err
    for (name, suffix), line in zip(NAMES, run.json_lines(), strict=True):
        first = line["results"][0]
        assert first["path"].endswith("/" + suffix), (name, first["path"])
        assert first["symbol"] == name or first["symbol"].endswith("." + name), (name, first)


def test_reindex_of_unchanged_tree_embeds_nothing(stdlib_index: IndexedTree) -> None:
    first = stdlib_index.first.out
    assert re.search(r"indexed [1-9]\d* files", first), first
    again = run_kenning(["index", stdlib_index.root, "--db", stdlib_index.db])
    assert again.code == 0, again.err
    assert re.search(r"indexed 0 files \(0 snippets, 0 embedded", again.out), again.out
    assert "0 removed" in again.out


def test_modes_and_filters(stdlib_index: IndexedTree) -> None:
    db = stdlib_index.db
    for mode in ("hybrid", "semantic", "lexical"):
        run = run_kenning(["search", "quoted printable encoding", "--mode", mode, "--json",
                           "--db", db])
        assert run.code == 0, run.err
        assert run.json_lines()[0]["results"], mode
    run = run_kenning(["search", "read the response", "--json", "--path", "http/client.py",
                       "--db", db])
    paths = {r["path"] for r in run.json_lines()[0]["results"]}
    assert paths and all(p.endswith("http/client.py") for p in paths)
    folder = stdlib_index.root / "email"
    run = run_kenning(["search", "parse", "--json", "--path", folder, "--db", db])
    assert all(r["path"].startswith(str(folder) + "/")
               for r in run.json_lines()[0]["results"])
    run = run_kenning(["search", "parse", "--json", "--lang", "javascript", "--db", db])
    assert run.json_lines()[0]["results"] == []
