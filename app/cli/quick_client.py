"""`kenning quick` and `kenning --quit`: hand the command to the running app.

Thin on purpose (a desktop shortcut runs it on every key press): it imports
neither Qt nor the model nor the index, only the socket protocol. When no app
runs, `kenning quick` becomes the app, started with the popup showing.
"""

from __future__ import annotations

import argparse
import sys

from app.core.instance import Command, Message, send, server_address
from app.core.paths import resolve_db_path
from app.core.settings import config_dir


def instance_address(db: str | None) -> str:
    """Where the app for this user, settings folder and index listens."""
    return server_address(config_dir(), resolve_db_path(db))


def quick(args: argparse.Namespace) -> int:
    message = Message.from_launch(Command.QUICK)
    if send(message, instance_address(args.db)):
        return 0
    from app.cli.commands import start_app

    return start_app(args, message)


def quit_app(_args: argparse.Namespace) -> int:
    if not send(Message(Command.QUIT), instance_address(None)):
        print("kenning: not running", file=sys.stderr)
    return 0
