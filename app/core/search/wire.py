"""Searches as JSON, for `kenning search` asking the running app over its socket.

Every field travels, so the command line prints exactly what it would have
printed had it searched the index itself (the `--json` contract and the
human output alike). Light on purpose: the client imports nothing else.
"""

from __future__ import annotations

import json
from dataclasses import asdict, fields

from app.core.errors import KenningError
from app.core.search.request import Mode, SearchRequest, SearchResponse, SearchResult


def encode_request(request: SearchRequest, model: str) -> str:
    """`request` as one JSON text; `model` is the model file the asker would use
    ("" for the default): the app answers only if it uses the same one."""
    return json.dumps({**asdict(request), "model": model})


def decode_request(text: str) -> tuple[SearchRequest, str]:
    """(request, model) from `encode_request`'s text; KenningError if malformed."""
    try:
        raw = json.loads(text)
        request = SearchRequest(
            query=str(raw["query"]), k=int(raw["k"]), mode=Mode(raw["mode"]),
            use_bias=bool(raw["use_bias"]), languages=tuple(map(str, raw["languages"])),
            paths=tuple(map(str, raw["paths"])))
        return request, str(raw.get("model", ""))
    except (ValueError, TypeError, KeyError) as exc:
        raise KenningError(f"not a search request: {exc}") from exc


def encode_response(response: SearchResponse) -> str:
    """`response` (without its request) as one JSON line."""
    return json.dumps({"results": [asdict(r) for r in response.results],
                       "elapsed_ms": response.elapsed_ms,
                       "bias_applied": response.bias_applied}, ensure_ascii=False)


def decode_response(request: SearchRequest, text: str) -> SearchResponse:
    """The response to `request` from `encode_response`'s text."""
    try:
        raw = json.loads(text)
        names = {f.name for f in fields(SearchResult)}
        results = [SearchResult(**{k: v for k, v in item.items() if k in names})
                   for item in raw["results"]]
        return SearchResponse(request, results, float(raw["elapsed_ms"]),
                              bool(raw["bias_applied"]))
    except (ValueError, TypeError, KeyError) as exc:
        raise KenningError(f"not a search response: {exc}") from exc
