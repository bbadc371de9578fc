"""`--mode lexical` lists only snippets that hold one of the query's words (a real index)."""

from __future__ import annotations

from pathlib import Path

from app.core.engine import Engine, EngineConfig
from app.core.search.lexical_index import wait_for_lexical_index
from app.core.search.request import Mode, SearchRequest
from tests.conftest import run_kenning

# The audit's tree: `func` is in most snippets, so BM25 gives it the idf floor.
FUNCTIONS = {"widechars": "widechars_func", "latin": "latin_func", "bottom": "bottom_func",
             "noperm": "noperm_func", "config": "parse_config"}
QUERY = "widechars latin_func bottom_func"
HOLDING_A_WORD = {"widechars_func", "latin_func", "bottom_func"}


def _tree(root: Path) -> Path:
    root.mkdir()
    for number, (module, name) in enumerate(FUNCTIONS.items()):
        (root / f"{module}.py").write_text(f"def {name}():\n    return {number}\n")
    return root


def _symbols(db: Path, query: str, mode: str) -> list[str]:
    run = run_kenning(["search", query, "--mode", mode, "--json", "--db", db])
    assert run.code == 0, run.err
    return [r["symbol"] for r in run.json_lines()[0]["results"]]


def test_lexical_mode_lists_only_snippets_holding_a_query_word(tmp_path: Path) -> None:
    db = tmp_path / "t1.db"
    indexed = run_kenning(["index", _tree(tmp_path / "src"), "--db", db])
    assert indexed.code == 0, indexed.err
    # `noperm_func` holds only `func`, a part of `latin_func`: it was listed at 0.00.
    assert set(_symbols(db, QUERY, "lexical")) == HOLDING_A_WORD
    assert _symbols(db, "zzz_func", "lexical") == []
    nothing = run_kenning(["search", "zzz_func", "--mode", "lexical", "--db", db])
    assert (nothing.code, nothing.out.strip()) == (0, "no results for 'zzz_func'")
    # A word in another naming style still matches by its parts.
    assert _symbols(db, "parseConfig", "lexical") == ["parse_config"]
    # The hybrid mode still ranks every candidate (its meaning may count).
    assert "noperm_func" in _symbols(db, QUERY, "hybrid")
    # The window's searches use the in-memory postings: the same answer.
    engine = Engine(EngineConfig.from_options(str(db)))
    with engine.open_store(readonly=True) as store:
        assert wait_for_lexical_index(store.conn) is not None
        response = engine.searcher(store).search(SearchRequest(QUERY, mode=Mode.LEXICAL))
    assert {r.symbol for r in response.results} == HOLDING_A_WORD
