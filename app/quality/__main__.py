"""`python -m app.quality`: run the evaluation set, write docs/QUALITY.md's tables."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from app.core.bias.eval_sets import CONALA_ENV
from app.core.errors import KenningError
from app.quality import report
from app.quality.evaluate import evaluate, signal_variants
from app.quality.guards import run_guards
from app.quality.projects import DEFAULT_SET_DIR, load_projects

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "docs" / "QUALITY.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.quality", description=__doc__)
    parser.add_argument("--set", type=Path, default=DEFAULT_SET_DIR,
                        help="the evaluation set folder (projects.toml, queries/)")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="all")
    parser.add_argument("--project", action="append", default=[],
                        help="only this project (repeatable)")
    parser.add_argument("--signals", action="store_true",
                        help="also run the default without each ranking signal in turn")
    parser.add_argument("--guards", action="store_true",
                        help="also run CoNaLa's test intents and the stdlib behaviour queries")
    parser.add_argument("--conala", type=Path, metavar="PATH",
                        help="the CoNaLa data set's folder (train.json, test.json; default: "
                             "../shared/datasets/conala next to the checkout, or "
                             "$KENNING_CONALA_DIR); without it the CoNaLa guard is left out")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="the Markdown file whose generated block is replaced")
    args = parser.parse_args(argv)
    if args.conala is not None:
        os.environ[CONALA_ENV] = str(args.conala.expanduser().absolute())
    try:
        projects = [p for p in load_projects(args.set)
                    if (args.split == "all" or p.split == args.split)
                    and (not args.project or p.name in args.project)]
        if not projects:
            raise KenningError("no project matches")
        outcomes = evaluate(projects, args.set, say=lambda line: print(line, file=sys.stderr),
                            variants=signal_variants() if args.signals else None)
        command = "python -m app.quality " + shlex.join(sys.argv[1:] if argv is None else argv)
        guards = run_guards(lambda line: print(line, file=sys.stderr)) if args.guards else None
        block = report.render(outcomes, command.strip(), guards,
                              unseen={p.name for p in projects if not p.learn})
        report.write(args.out, block)
    except KenningError as exc:
        print(f"kenning quality: {exc}", file=sys.stderr)
        return 1
    print(block)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
