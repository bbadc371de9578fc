"""The watching process the window runs: `kenning watch --json` on the window's folders.

A process, for the reasons indexing is one (see app.core.processes.index_child): a parse
holds the GIL, a C-level abort must not take the window down. The window
stops it whenever what to watch changes (folders added or removed, pause, an
indexing job about to write) and starts a new one later: that one's start-up
scan finds whatever changed in between.

No Qt in here. The protocol:

    argv    --db FILE [--model PATH] [--threads N] [--exclude PATTERN]... FOLDER...
    stdin   nothing; end of input (the window stops it, or went away) = stop cleanly
    stdout  the JSON lines of `kenning watch --json` (see app.core.watching.printer)
    exit    0 stopped, 1 an error told in an "error" event, 70 a bug (see the log)

SIGTERM stops it cleanly too.
"""

from __future__ import annotations

import argparse
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from app.core.engine import Engine
from app.core.errors import KenningError
from app.core.logs import setup_logging
from app.core.processes.index_child import add_engine_options, engine_config
from app.core.watching.printer import WatchPrinter, run_watch
from app.core.watching.service import WatchOptions

log = logging.getLogger(__name__)


def _stop_at_end_of_input(stop: threading.Event) -> None:
    for _ in sys.stdin:
        pass
    stop.set()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kenning-watch-child")
    add_engine_options(parser)
    parser.add_argument("folders", nargs="+")
    args = parser.parse_args(argv)
    setup_logging()
    printer = WatchPrinter(as_json=True, quiet=True)
    stop = threading.Event()
    threading.Thread(target=_stop_at_end_of_input, args=(stop,), name="stdin",
                     daemon=True).start()
    options = WatchOptions(threads=args.threads or WatchOptions.threads)
    try:
        return run_watch(Engine(engine_config(args)), [Path(f) for f in args.folders],
                         options, printer, stop)
    except KenningError as exc:
        printer.error(str(exc))
        return 1
    except Exception as exc:
        log.exception("watching process failed")
        printer.error(f"internal error: {exc.__class__.__name__}: {exc}")
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
