"""`kenning bias …`: build the data, train, evaluate, install and roll back matrices."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.core.paths import data_dir


def default_data() -> Path:
    return data_dir() / "bias-data"


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    bias = sub.add_parser("bias", help="the bias matrix: data, training, evaluation")
    verbs = bias.add_subparsers(dest="bias_command", metavar="VERB", required=True)

    p = verbs.add_parser("data", parents=[common],
                         help="fetch the pinned sources and harvest (query, code) pairs")
    p.add_argument("--out", type=Path, default=None, help="data folder (default: data dir)")
    p.add_argument("--cache", type=Path, default=None, help="where packages are unpacked")
    p.add_argument("--seed", type=int, default=0)
    p.set_defaults(func="bias_commands:data")

    p = verbs.add_parser("train", parents=[common], help="train a matrix")
    p.add_argument("--data", type=Path, default=None, help="data folder from `bias data`")
    p.add_argument("--out", type=Path, default=None,
                   help="where to write the matrix (.npy, card next to it as .json)")
    p.add_argument("--from-index", action="store_true",
                   help="fine-tune a personal matrix on the documentation in your index")
    p.add_argument("--epochs", type=int, default=None)
    p.add_argument("--l2", type=float, default=None, help="pull toward identity")
    p.add_argument("--tau", type=float, default=None, help="softmax temperature")
    p.add_argument("--lr", type=float, default=None, help="Adam learning rate")
    p.add_argument("--hard", type=int, default=None, help="hard negatives per query")
    p.add_argument("--sides", choices=("both", "query"), default=None,
                   help="map queries and snippets (default) or queries only")
    p.add_argument("--sources", default="harvest,conala,written",
                   help="comma separated: harvest, raw (unrewritten doc queries), conala, "
                        "written (queries written by hand for harvested functions)")
    p.set_defaults(func="bias_commands:train")

    p = verbs.add_parser("eval", parents=[common],
                         help="score lexical/semantic/hybrid with and without the matrix")
    p.add_argument("--data", type=Path, default=None)
    p.add_argument("--work", type=Path, default=None, help="scratch folder for the indexes")
    p.add_argument("--report", type=Path, default=None, help="write a Markdown table here")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func="bias_commands:eval")

    p = verbs.add_parser("status", parents=[common], help="which matrix is active")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func="bias_commands:status")

    p = verbs.add_parser("rollback", parents=[common],
                         help="undo the last personal matrix (back to the shipped one)")
    p.set_defaults(func="bias_commands:rollback")
