"""What a search result says of the definition it is part of."""

from __future__ import annotations

from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from tests.conftest import IndexedTree


def test_the_definition_of_a_result_holds_its_lines(stdlib_index: IndexedTree) -> None:
    engine = Engine(EngineConfig.from_options(str(stdlib_index.db)))
    with engine.open_store(readonly=True) as store:
        searcher = engine.searcher(store)
        # `def output` of http.cookies.BaseCookie: its last piece carries the
        # `__str__ = output` after it, and the definition it is shown in holds that line.
        (output,) = searcher.search(SearchRequest("BaseCookie.output", k=1)).results
        assert output.symbol == "BaseCookie.output"
        found = searcher.search(SearchRequest("__str__ = output", k=5, mode=Mode.LEXICAL))
        (tail,) = (r for r in found.results if r.symbol == "BaseCookie.output")
        assert "__str__ = output" in tail.text
        assert tail.def_start == output.def_start and tail.def_end == tail.end_line
        responses = [searcher.search(SearchRequest(q, k=20)) for q in (
            "BaseCookie.output", "parse a cookie header", "format an email address")]
    for result in (r for response in responses for r in response.results):
        if result.def_start is not None and result.def_end is not None:
            assert result.def_start <= result.start_line <= result.end_line <= result.def_end
