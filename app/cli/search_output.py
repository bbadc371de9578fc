"""What `kenning search` asks for and how it prints the answer, wherever it ran."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.core.search.request import Mode, SearchRequest, SearchResponse


def request_for(args: argparse.Namespace, query: str, use_bias: bool) -> SearchRequest:
    """The request `kenning search` makes for `query`; folders in `--path` are made
    absolute, so the app (another working folder) reads them the same way."""
    languages = tuple(lang.strip() for value in args.lang for lang in value.split(",")
                      if lang.strip())
    paths = tuple(str(Path(p).expanduser().absolute()) if Path(p).expanduser().is_dir() else p
                  for p in args.path)
    # A query that is not valid UTF-8 (argv bytes kept as surrogates) would put those
    # bytes back into the `--json` line; it is searched as its readable part.
    query = query.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return SearchRequest(query=query, k=args.k, mode=Mode(args.mode),
                         use_bias=args.bias or (use_bias and not args.no_bias),
                         languages=languages, paths=paths)


def print_response(args: argparse.Namespace, response: SearchResponse) -> None:
    if args.json:
        line = {"query": response.request.query,
                "results": [r.to_json() for r in response.results]}
        print(json.dumps(line, ensure_ascii=False), flush=True)
        return
    from app.cli import output

    color = output.use_color(args.color, sys.stdout)
    print(output.human_results(response, args.context, color), flush=True)
