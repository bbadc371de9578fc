"""One function per CLI command: arguments in, engine call, output out."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from app.cli import output
from app.cli.progress import JsonProgress, ProgressBar
from app.cli.search_output import print_response, request_for
from app.core.engine import Engine, EngineConfig
from app.core.errors import KenningError
from app.core.files.rules import IgnoreOptions, invalid_patterns
from app.core.model.gguf_inspect import inspect_embedding_model
from app.core.paths import existing_folder
from app.core.store.rebuild import prepare_rebuild


def _engine(args: argparse.Namespace) -> Engine:
    config = EngineConfig.from_options(args.db, args.model, args.threads)
    return Engine(config, notify=lambda message: print(message, file=sys.stderr))


def index(args: argparse.Namespace) -> int:
    engine = _engine(args)
    ignore = IgnoreOptions(
        extra_patterns=(*engine.config.ignore.extra_patterns, *args.exclude),
        max_file_bytes=args.max_file_size or IgnoreOptions.max_file_bytes,
        respect_ignore_files=not args.no_ignore,
    )
    engine.config = replace(engine.config, ignore=ignore)
    bad = invalid_patterns(args.exclude)
    if bad:
        raise KenningError(f"--exclude {bad[0]!r} is not a gitignore pattern")
    paths, cluster = _index_paths(args)
    # Checked before the index file is opened or thrown away: a failed run changes nothing
    # and leaves no file behind.
    for path in paths:
        existing_folder(path)
    if args.workers and cluster is None:
        raise KenningError("--workers goes with --ray")
    rebuild = prepare_rebuild(engine.config.db_path) if args.rebuild else None
    if not paths and rebuild is None:
        raise KenningError("nothing to index: give a PATH")
    if not paths and not rebuild.roots:
        raise KenningError("no folder recorded in the index: kenning index --rebuild PATH...")
    inspect_embedding_model(engine.model_path())
    if rebuild is not None:
        moved = rebuild.discard()
        if moved is not None:
            print(f"kenning: {engine.config.db_path} held no index; it was kept as {moved}",
                  file=sys.stderr)
        paths += [Path(p) for p in rebuild.roots if Path(p) not in paths]
    shown = JsonProgress(sys.stdout) if args.json else (
        None if args.quiet or not sys.stderr.isatty() else ProgressBar(sys.stderr))
    try:
        if cluster is None:
            report = engine.index(paths, progress=shown.update if shown else None)
        else:
            from app.core.cluster.index import index_on_cluster  # Ray: only with --ray

            report = index_on_cluster(engine, paths, cluster, args.workers,
                                      shown.update if shown else None)
    finally:
        if shown:
            shown.close()
    if args.json:
        print(json.dumps({"event": "done", **report.to_json()}), flush=True)
    elif not args.quiet:
        print(output.index_summary(report))
    return 0


def _index_paths(args: argparse.Namespace) -> tuple[list[Path], str | None]:
    """The folders to index and the Ray address (None: no cluster). A folder right after
    a bare `--ray` (`kenning index --ray src`) is a folder, not an address."""
    if any(not p.strip() for p in args.paths):  # `kenning index "$UNSET"`: not "here"
        raise KenningError("an empty PATH was given (an unset variable?)")
    paths, cluster = [Path(p) for p in args.paths], args.ray
    if cluster and ":" not in cluster and cluster != "auto" and Path(cluster).is_dir():
        paths.insert(0, Path(cluster))
        cluster = "local"
    return paths, cluster


def search_here(args: argparse.Namespace, queries: Iterator[str]) -> int:
    """`kenning search` in this process (no running app answered it): a line per query."""
    engine = _engine(args)
    with engine.open_store(readonly=True) as store:
        # One query: scanning the vectors beats loading the in-memory index first.
        searcher = engine.searcher(store, one_shot=not args.stdin)
        if not args.json:  # the counts only for a reader
            embedded, snippets = store.embedded_count(), store.chunk_count()
            if embedded < snippets:
                print(f"kenning: {embedded} of {snippets} snippets embedded so far; the "
                      "others are found by keyword only until `kenning index` embeds them",
                      file=sys.stderr)
        for query in queries:
            print_response(args, searcher.search(request_for(args, query,
                                                             engine.config.use_bias)))
    return 0


def status(args: argparse.Namespace) -> int:
    state = _engine(args).status()
    if args.json:
        print(json.dumps(output.status_json(state), ensure_ascii=False))
    else:
        print(output.status_text(state))
    return 0


def watch(args: argparse.Namespace) -> int:
    # watchdog is imported here only: other commands start without it.
    from app.core.watching.printer import WatchPrinter, run_watch
    from app.core.watching.service import WatchOptions

    printer = WatchPrinter(as_json=args.json, quiet=args.quiet)
    options = WatchOptions(poll=args.poll, threads=args.threads or WatchOptions.threads)
    return run_watch(_engine(args), [Path(p) for p in args.paths], options, printer)


def embed(args: argparse.Namespace) -> int:
    vector = _engine(args).embed(args.text)
    values = [round(float(x), 6) for x in vector]
    if args.json:
        print(json.dumps({"text": args.text, "dim": len(values), "embedding": values}))
    else:
        print(" ".join(f"{x:.6f}" for x in values))
    return 0


def bench(args: argparse.Namespace) -> int:
    # The bench is imported here only: it pulls in the peers and Qt (for the plot).
    from app.bench.runner import SECTIONS, Options, command_line, default_report, run

    only = tuple(s.strip() for value in args.only for s in value.split(",") if s.strip())
    unknown = sorted(set(only) - set(SECTIONS))
    if unknown:
        raise KenningError(f"unknown section(s) {', '.join(unknown)}; "
                           f"choose from {', '.join(SECTIONS)}")
    pythons = []
    for item in args.engine_python:
        name, sep, python = item.partition("=")
        if not sep or not name or not python:
            raise KenningError(f"--engine-python takes NAME=PYTHON, not {item!r}")
        pythons.append((name, python))
    profile = "tiny" if args.tiny else "quick" if args.quick else "full"
    out = Path(args.out) if args.out else default_report()
    options = Options(profile, out, only, pythons, command_line())
    return run(options, lambda message: print(message, file=sys.stderr))
