"""What a search result says of the definition it is part of."""

from __future__ import annotations

from app.core.engine import Engine, EngineConfig
from app.core.search.request import SearchRequest
from tests.conftest import IndexedTree


def test_the_definition_of_a_result_holds_its_lines(stdlib_index: IndexedTree) -> None:
    engine = Engine(EngineConfig.from_options(str(stdlib_index.db)))
    with engine.open_store(readonly=True) as store:
        searcher = engine.searcher(store)
        # `def output` of http.cookies.BaseCookie is cut with the `__str__ = output` after it.
        (output,) = searcher.search(SearchRequest("BaseCookie.output", k=1)).results
        assert output.symbol == "BaseCookie.output"
        assert "__str__ = output" in output.text
        responses = [searcher.search(SearchRequest(q, k=20)) for q in (
            "BaseCookie.output", "parse a cookie header", "format an email address")]
    for result in (r for response in responses for r in response.results):
        if result.def_start is not None and result.def_end is not None:
            assert result.def_start <= result.start_line <= result.end_line <= result.def_end
