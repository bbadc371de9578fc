"""`kenning`: the command line. Thin: parses, calls the engine, prints.

Importing this module must not import Qt, llama.cpp or the index: `kenning
quick` and `kenning --help` have to start fast.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from app import __version__
from app.cli import bias_cli
from app.core.errors import KenningError
from app.core.logs import setup_logging
from app.core.processes import CHILD_MODULES

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="FILE",
                        help="index database (default: $KENNING_DB, else the user data dir)")
    common.add_argument("--model", metavar="PATH",
                        help="GGUF embedding model (default: $KENNING_MODEL, else the "
                             "bundled all-MiniLM-L6-v2)")
    common.add_argument("--threads", type=_positive_int, metavar="N",
                        help="CPU threads for the model (default: all cores)")

    parser = argparse.ArgumentParser(
        prog="kenning", description="Search your code by what it does.")
    parser.add_argument("--version", action="version", version=f"kenning {__version__}")
    parser.add_argument("--quit", action="store_true", help="end the running Kenning app")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("index", parents=[common], help="index folders (incremental)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--rebuild", action="store_true",
                   help="throw the index away and build it again (its folders are kept: "
                        "no PATH needed)")
    p.add_argument("--max-file-size", type=_positive_int, metavar="BYTES",
                   help="skip files larger than this (default 1000000)")
    p.add_argument("--no-ignore", action="store_true",
                   help="do not honour .gitignore/.ignore files")
    p.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                   help="extra gitignore-style pattern to leave out (repeatable)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress, no summary")
    p.add_argument("--json", action="store_true",
                   help="progress and the summary as JSON lines on stdout")
    p.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                   help="embed on a Ray cluster (auto, host:port, ray://host:port; alone: a "
                        "local Ray for the run); needs pip install 'kenning[cluster]'")
    p.add_argument("--workers", type=_positive_int, metavar="N",
                   help="with --ray: Ray workers (default: one per CPU of the cluster)")
    p.set_defaults(func="index")

    p = sub.add_parser("search", parents=[common], help="search the index")
    p.add_argument("query", nargs="?", metavar="QUERY")
    p.add_argument("--stdin", action="store_true", help="read one query per line from stdin")
    p.add_argument("-k", type=_positive_int, default=10, metavar="N", help="results (default 10)")
    p.add_argument("--json", action="store_true", help="one JSON line per query")
    p.add_argument("--mode", choices=["hybrid", "semantic", "lexical"], default="hybrid")
    bias = p.add_mutually_exclusive_group()
    bias.add_argument("--no-bias", action="store_true", help="do not apply the bias matrix")
    bias.add_argument("--bias", action="store_true",
                      help="apply the bias matrix even when the settings turn it off")
    p.add_argument("--lang", action="append", default=[], metavar="L",
                   help="only these languages (repeatable or comma separated)")
    p.add_argument("--path", action="append", default=[], metavar="GLOB",
                   help="only paths matching this glob or under this folder (repeatable)")
    p.add_argument("-C", "--context", type=_count, default=4, metavar="N",
                   help="lines of each snippet to show (default 4; 0 = none)")
    p.add_argument("--color", choices=["auto", "always", "never"], default="auto")
    p.set_defaults(func="search_client:search")

    p = sub.add_parser("status", parents=[common], help="what is indexed, with which model")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func="status")

    p = sub.add_parser("watch", parents=[common],
                       help="bring folders up to date, then follow changes until Ctrl-C")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--poll", action="store_true",
                   help="poll for changes instead of waiting for events (odd file systems)")
    p.add_argument("--json", action="store_true", help="one JSON object per event on stdout")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.set_defaults(func="watch")

    p = sub.add_parser("embed", parents=[common], help="print the raw model embedding of TEXT")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func="embed")

    bias_cli.add_parser(sub, common)

    p = sub.add_parser("gui", parents=[common],
                       help="open the search window (the default with no command)")
    p.add_argument("paths", nargs="*", metavar="PATH", help="folders to index in the background")
    p.add_argument("--minimized", action="store_true",
                   help="start in the tray (minimised where there is none), as on login; "
                        "does nothing if Kenning already runs")
    p.set_defaults(func="quick_client:gui")

    p = sub.add_parser("bench", help="measure Kenning against its peers on this machine "
                       "and write the report (docs/BENCHMARKS.md)")
    p.add_argument("--quick", action="store_true",
                   help="fewer rounds, up to 100k snippets (a few minutes)")
    p.add_argument("--tiny", action="store_true",
                   help="a smoke run in about a minute; its figures mean nothing")
    p.add_argument("--out", metavar="FILE",
                   help="the report (default: docs/BENCHMARKS.md of the checkout Kenning "
                        "runs from, else ./BENCHMARKS.md; the plot goes beside it)")
    p.add_argument("--only", action="append", default=[], metavar="SECTION",
                   help="run only these sections (repeatable or comma separated): "
                        "embedding, index, queries, growth, startup, packaging, cluster")
    p.add_argument("--engine-python", action="append", default=[], metavar="NAME=PYTHON",
                   help="also time the embedder under another environment's interpreter "
                        "(e.g. llama-cpp-python built with other CMAKE_ARGS)")
    p.set_defaults(func="commands:bench")

    p = sub.add_parser("quick", parents=[common],
                       help="show or hide the quick-search popup (starts Kenning if needed); "
                            "bind it to a key in your desktop's keyboard settings")
    p.set_defaults(func="quick_client:quick")
    return parser


def _whole_number(text: str, least: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < least:
        raise argparse.ArgumentTypeError(f"must be at least {least}: {text}")
    return value


def _positive_int(text: str) -> int:
    return _whole_number(text, 1)


def _count(text: str) -> int:
    return _whole_number(text, 0)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["-m"] and len(argv) > 1:
        return _run_module(argv[1], argv[2:])
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quit:
        if args.command is not None:
            parser.error("--quit takes no command")
        args.func = "quick_client:quit_app"
    elif args.command is None:  # plain `kenning` opens the window
        args = parser.parse_args(["gui"])
    log_file = setup_logging()
    try:
        # Commands are imported on use: `kenning --help` never loads the engine.
        module, _, name = args.func.rpartition(":")
        command = getattr(importlib.import_module(f"app.cli.{module or 'commands'}"), name)
        return int(command(args) or 0)
    except KenningError as exc:
        print(f"kenning: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kenning: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`kenning search ... | head`): not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        known = _storage_failure(exc, args)
        if known is not None:
            log.warning("%s failed: %s", args.command, known)
            print(f"kenning: {known}", file=sys.stderr)
            return 1
        log.exception("internal error in %s", args.command)
        where = f" (details in {log_file})" if log_file else ""
        print(f"kenning: internal error: {exc.__class__.__name__}: {exc}{where}", file=sys.stderr)
        return 70


def _storage_failure(exc: Exception, args: argparse.Namespace) -> KenningError | None:
    """The one-line error for a disk or database failure the user can act on."""
    if "apsw" not in sys.modules:  # then `exc` cannot be a database error
        return None
    from app.core.paths import resolve_db_path
    from app.core.store.failures import explain

    return explain(exc, resolve_db_path(getattr(args, "db", None)))



def _run_module(module: str, args: list[str]) -> int:
    if module == "app":
        return main(args)
    if module not in CHILD_MODULES:
        print(f"kenning: -m {module}: not one of Kenning's child processes "
              f"({', '.join(CHILD_MODULES)})", file=sys.stderr)
        return 2
    return int(importlib.import_module(module).main(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
