"""The running app's per-user socket: where it is, and the one-line protocol on it.

One Kenning app runs per user and index. It listens on a local socket (a Unix
socket in a private folder, a named pipe on Windows); a second launch sends
its command there and exits. Qt-free on purpose: `kenning quick` speaks this
protocol with the standard library alone, so it starts in a blink.

A message is one line of JSON, ``{"cmd": "quick", "args": []}`` (plus
``"token"``, see `Message`); the answer is one line, ``ok`` or ``error: <why>``;
for a search, ``ok `` and the results as JSON.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
import shutil
import socket
import stat
import struct
import sys
import tempfile
import time
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from app.core.errors import KenningError

RUNTIME_ENV = "XDG_RUNTIME_DIR"
ACTIVATION_ENV = "XDG_ACTIVATION_TOKEN"
OK = "ok"
ERROR_PREFIX = "error: "
MAX_LINE = 64 * 1024
MAX_REPLY = 64 * 1024 * 1024  # search results carry their code
# The app answers at once once its event loop runs, but it may still be starting.
REPLY_TIMEOUT = 15.0
_ERROR_PIPE_BUSY = 231
# Peer credentials of a Unix socket: Linux struct ucred (pid, uid, gid); macOS
# struct xucred (version, uid, ...) through LOCAL_PEERCRED at level SOL_LOCAL.
_SOL_LOCAL, _LOCAL_PEERCRED, _XUCRED_SIZE = 0, 1, 76


class Command(StrEnum):
    QUICK = "quick"  # toggle the quick-search popup
    GUI = "gui"      # raise the main window (args: folders to index)
    QUIT = "quit"    # end the app
    SEARCH = "search"  # search with the app's warm engine (args: app.core.search.wire)


@dataclass(frozen=True)
class Message:
    """A command for the running app.

    `token` is the Wayland activation token the desktop gave the launch (when
    a shortcut runs `kenning quick`, say): the app needs it to take the focus.
    """

    command: Command
    args: tuple[str, ...] = ()
    token: str = ""

    @classmethod
    def from_launch(cls, command: Command, args: tuple[str, ...] = ()) -> Message:
        """A message carrying this launch's activation token, if it got one."""
        return cls(command, args, os.environ.get(ACTIVATION_ENV, ""))

    def encode(self) -> bytes:
        raw = {"cmd": self.command.value, "args": list(self.args), "token": self.token}
        return json.dumps(raw).encode() + b"\n"

    @classmethod
    def decode(cls, line: bytes) -> Message:
        """Parse one line; KenningError says what is wrong with a bad one."""
        try:
            raw = json.loads(line)
            command = Command(raw["cmd"])
            args = raw.get("args", [])
            token = raw.get("token", "")
        except (ValueError, TypeError, KeyError) as exc:
            raise KenningError(f"not a Kenning command: {line[:80]!r}") from exc
        if not (isinstance(args, list) and all(isinstance(a, str) for a in args)
                and isinstance(token, str)):
            raise KenningError("the arguments must be a list of strings")
        return cls(command, tuple(args), token)


def _user() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else getpass.getuser()


def instance_name(config_dir: Path, db_path: Path) -> str:
    """The instance's name: the user, and a digest of its settings folder and index.

    Two apps on different indexes (or, in tests, different settings folders)
    are different instances; the same user asking twice finds the same one.
    """
    key = f"{_user()}\0{config_dir.expanduser().absolute()}\0{db_path.expanduser().absolute()}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    # A pipe name is visible to all users on Windows: the user is only in the digest there.
    return f"kenning-{digest}" if sys.platform == "win32" else f"kenning-{_user()}-{digest}"


def socket_folder() -> Path:
    """A folder only this user can enter: $XDG_RUNTIME_DIR, else a 0700 one in the temp dir."""
    runtime = os.environ.get(RUNTIME_ENV)
    if runtime and Path(runtime).is_dir():
        return Path(runtime)
    return Path(tempfile.gettempdir()) / f"kenning-{_user()}"


def quick_argv() -> list[str]:
    """The command line of `kenning quick` for this installation (a desktop shortcut's).

    The `kenning` script next to this Python (a venv's), by its bare name when
    PATH finds that same script; without the script, `python -m app quick`.
    """
    script = shutil.which("kenning", path=str(Path(sys.executable).parent))
    if script is None:
        return [sys.executable, "-m", "app", "quick"]
    on_path = shutil.which("kenning")
    same = on_path is not None and Path(on_path).resolve() == Path(script).resolve()
    return ["kenning" if same else script, "quick"]


def server_address(config_dir: Path, db_path: Path) -> str:
    """What the app listens on: a socket path (Unix) or a pipe name (Windows)."""
    name = instance_name(config_dir, db_path)
    return name if sys.platform == "win32" else str(socket_folder() / f"{name}.sock")


def private_socket_folder(address: str) -> Path:
    """Create the socket's folder (0700) if needed; refuse one another user could write to.

    In a folder others can write to, they could replace the socket with theirs.
    """
    folder = Path(address).parent
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise KenningError(f"{folder} is not private to you: it must be yours and "
                           "writable by you alone")
    return folder


def peer_uid(fd: int) -> int | None:
    """The user id at the other end of the Unix socket `fd`; None where the OS cannot tell."""
    with socket.fromfd(fd, socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        if hasattr(socket, "SO_PEERCRED"):  # Linux
            size = struct.calcsize("3i")
            return struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                        size))[1]
        if sys.platform == "darwin":
            raw = sock.getsockopt(_SOL_LOCAL, _LOCAL_PEERCRED, _XUCRED_SIZE)
            return struct.unpack_from("II", raw)[1]
    return None


def is_same_user(fd: int) -> bool:
    """Whether the peer of `fd` runs as this user (True where that cannot be checked)."""
    uid = peer_uid(fd)
    return uid is None or uid == os.getuid()


def send(message: Message, address: str, timeout: float = REPLY_TIMEOUT) -> bool:
    """Hand `message` to the app listening on `address`: True once it said ok.

    False if no app listens there (also when a crashed one left its socket
    behind). KenningError if the app refuses the message, does not answer in
    time, or the socket belongs to another user.
    """
    return ask(message, address, timeout) is not None


def ask(message: Message, address: str, timeout: float = REPLY_TIMEOUT) -> str | None:
    """Like `send`, but the answer's payload: what follows ``ok `` ("" for a plain
    ``ok``); None if no app listens on `address`."""
    exchange = _exchange_pipe if sys.platform == "win32" else _exchange_unix
    reply = exchange(address, message.encode(), timeout)
    if reply is None:
        return None
    if reply != OK and not reply.startswith(f"{OK} "):
        raise KenningError(f"the running Kenning refused {message.command}: "
                           f"{reply.removeprefix(ERROR_PREFIX)}")
    return reply[len(OK) + 1:]


def answers(address: str) -> bool:
    """Whether an app of this user listens on `address` (connects, sends nothing)."""
    if sys.platform == "win32":
        pipe = _open_pipe(address, REPLY_TIMEOUT)
        if pipe is not None:
            pipe.close()
        return pipe is not None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        return _connect_unix(sock, address, REPLY_TIMEOUT)


def _connect_unix(sock: socket.socket, address: str, timeout: float) -> bool:
    sock.settimeout(timeout)
    try:
        sock.connect(address)
    except (FileNotFoundError, ConnectionRefusedError, NotADirectoryError):
        return False
    if not is_same_user(sock.fileno()):
        raise KenningError(f"{address} belongs to another user: remove it")
    return True


def _exchange_unix(address: str, data: bytes, timeout: float) -> str | None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        if not _connect_unix(sock, address, timeout):
            return None
        try:
            sock.sendall(data)
            with sock.makefile("rb") as stream:
                return _reply(stream.readline(MAX_REPLY))
        except TimeoutError:
            raise KenningError(f"the running Kenning did not answer within {timeout:.0f} s "
                               f"(its socket: {address})") from None


def _open_pipe(name: str, timeout: float) -> BinaryIO | None:
    """Open the app's named pipe (Windows), waiting while all its instances are busy."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return open(rf"\\.\pipe\{name}", "r+b", buffering=0)
        except FileNotFoundError:
            return None
        except OSError as exc:
            if getattr(exc, "winerror", None) != _ERROR_PIPE_BUSY or time.monotonic() > deadline:
                raise KenningError(f"cannot reach the running Kenning: {exc}") from exc
            time.sleep(0.02)


def _exchange_pipe(name: str, data: bytes, timeout: float) -> str | None:
    pipe = _open_pipe(name, timeout)
    if pipe is None:
        return None
    with pipe:
        pipe.write(data)
        return _reply(pipe.readline(MAX_REPLY))


def _reply(line: bytes) -> str:
    if not line.endswith(b"\n"):
        raise KenningError("the running Kenning closed the connection without an answer")
    return line.decode("utf-8", "replace").strip()
