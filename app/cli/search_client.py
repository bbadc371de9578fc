"""`kenning search`: ask the running app when there is one, else search the index here.

While a Kenning app runs on the same index, its model is loaded and its
index open: the command sends the request over the app's socket and prints
the answer, importing neither the model nor the index (a fraction of the
cold start). With no app, `--stdin`, another model file than the app's, or
any trouble reaching it, the search runs in this process as before, with
the same output either way.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Iterator

from app.cli.quick_client import instance_address
from app.cli.search_output import print_response, request_for
from app.core.errors import KenningError
from app.core.instance import Command, Message, ask
from app.core.paths import MODEL_ENV
from app.core.search.request import SearchResponse
from app.core.search.wire import decode_response, encode_request
from app.core.settings import load_settings

log = logging.getLogger(__name__)

# Set (to anything) to always search in this process: benchmarks of the cold path.
LOCAL_ENV = "KENNING_SEARCH_LOCAL"
REMOTE_TIMEOUT = 10.0


def search(args: argparse.Namespace) -> int:
    queries = _queries(args)
    if not args.stdin:
        query = next(queries)
        response = _ask_app(args, query)
        if response is not None:
            print_response(args, response)
            return 0
        queries = iter([query])
    from app.cli.commands import search_here  # the model and the index: only now

    return search_here(args, queries)


def _queries(args: argparse.Namespace) -> Iterator[str]:
    """The queries to run, read lazily from stdin with --stdin (one per line)."""
    if args.stdin and args.query:
        raise KenningError("give a QUERY or --stdin, not both")
    if not args.stdin and not (args.query and args.query.strip()):
        raise KenningError("nothing to search for: give a QUERY (or --stdin)")
    if args.stdin:
        return (line.strip() for line in sys.stdin if line.strip())
    return iter([args.query.strip()])


def _ask_app(args: argparse.Namespace, query: str) -> SearchResponse | None:
    """The running app's answer, or None to search here."""
    if os.environ.get(LOCAL_ENV):
        return None
    settings = load_settings()
    request = request_for(args, query, settings.use_bias)
    model = args.model or os.environ.get(MODEL_ENV) or settings.model_path
    message = Message(Command.SEARCH, (encode_request(request, model or ""),))
    try:
        reply = ask(message, instance_address(args.db), REMOTE_TIMEOUT)
    except KenningError as exc:
        log.info("searching here: the running app did not search (%s)", exc)
        return None
    return None if reply is None else decode_response(request, reply)
