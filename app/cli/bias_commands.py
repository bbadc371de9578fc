"""The `kenning bias` verbs (parsers in bias_cli.py)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from app.cli.bias_cli import default_data
from app.core.bias import personal, pipeline
from app.core.bias.registry import active_bias, matrix_name
from app.core.bias.train import TrainSettings
from app.core.engine import Engine, EngineConfig
from app.core.paths import cache_dir


def _notify(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _engine(args: argparse.Namespace) -> Engine:
    return Engine(EngineConfig.from_options(args.db, args.model, args.threads), _notify)


def data(args: argparse.Namespace) -> int:
    out = args.out or default_data()
    cache = args.cache or cache_dir() / "bias-sources"
    report = pipeline.build_data(_engine(args), out, cache, args.seed, _notify)
    failed = [y for y in report.sources if y.error]
    print(f"{out}: {report.counts()} pairs from {len(report.sources) - len(failed)} packages"
          + (f" ({len(failed)} failed: see sources.json)" if failed else ""))
    return 0


def train(args: argparse.Namespace) -> int:
    engine = _engine(args)
    settings = TrainSettings()
    overrides = {k: v for k in ("epochs", "l2", "tau", "lr", "hard", "sides")
                 if (v := getattr(args, k)) is not None}
    settings = replace(settings, **overrides)
    if args.from_index:
        outcome = personal.train_personal(engine, _notify, settings if overrides else None)
        verdict = (f"installed {outcome.path}" if outcome.installed
                   else "not installed: it does not beat the active matrix")
        print(f"personal matrix on {outcome.pairs} pairs: held-out MRR "
              f"{outcome.baseline_mrr:.3f} → {outcome.new_mrr:.3f}; {verdict}")
        return 0
    out = args.out or Path("models") / "bias" / matrix_name(engine.model_fingerprint())
    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    result = pipeline.train_shipped(engine, args.data or default_data(), out, settings,
                                    sources, _notify)
    print(f"{out}: validation MRR {result.before.mrr:.4f} → {result.after.mrr:.4f} "
          f"(epoch {result.best_epoch}, {result.seconds:.0f}s)")
    return 0


def eval(args: argparse.Namespace) -> int:
    config = EngineConfig.from_options(args.db, args.model, args.threads)
    work = args.work or cache_dir() / "bias-eval"
    results = pipeline.run_eval(config, args.data or default_data(), work, _notify)
    if args.json:
        print(json.dumps({name: {c: m.as_dict() for c, m in table.items()}
                          for name, table in results.items()}, indent=1))
    else:
        command = "kenning bias eval" + (f" --report {args.report}" if args.report else "")
        table = pipeline.markdown_table(results, command)
        print(table)
        if args.report:
            args.report.write_text(table, "utf-8")
    return 0


def status(args: argparse.Namespace) -> int:
    engine = _engine(args)
    active = active_bias(engine.model_fingerprint())
    if args.json:
        print(json.dumps(None if active is None else {
            "path": str(active.path), "origin": active.origin, "card": active.matrix.card}))
    else:
        print(active.describe() if active else "no bias matrix for this model")
    return 0


def rollback(args: argparse.Namespace) -> int:
    print(personal.rollback(_engine(args).model_fingerprint()))
    return 0
