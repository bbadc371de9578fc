"""`kenning quick`, `kenning gui` and `kenning --quit`: hand the command to the running app.

Thin on purpose (a desktop shortcut runs it on every key press): it imports
neither Qt nor the model nor the index, only the socket protocol. When no app
runs, `kenning quick` and `kenning gui` become the app (`start_app`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.core.errors import KenningError
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
    return start_app(args, message)


def gui(args: argparse.Namespace) -> int:
    """Raise the running app's window (it indexes the PATHs), else start the app."""
    if args.minimized:
        if args.paths:
            raise KenningError("--minimized takes no PATH: add folders in the window")
        return start_app(args, None)
    folders = [Path(p).expanduser().absolute() for p in args.paths]
    for folder in folders:
        if not folder.is_dir():
            what = "is not a folder" if folder.exists() else "does not exist"
            raise KenningError(f"{folder} {what}")
    message = Message.from_launch(Command.GUI, tuple(map(str, folders)))
    if send(message, instance_address(args.db)):
        return 0
    return start_app(args, message)


def start_app(args: argparse.Namespace, first: Message | None) -> int:
    """Run the app in this process; `first` is what it does once up (show what),
    None to start in the tray."""
    # The engine and Qt are imported here only: the commands above start without them.
    from app.core.engine import EngineConfig
    from app.gui.application import run_gui

    return run_gui(EngineConfig.from_options(args.db, args.model, args.threads), first)


def quit_app(_args: argparse.Namespace) -> int:
    if not send(Message(Command.QUIT), instance_address(None)):
        print("kenning: not running", file=sys.stderr)
    return 0
