"""The per-user socket: where it is, the protocol, the app's server, who may use it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from app.core.errors import KenningError
from app.core.instance import (
    Command,
    Message,
    answers,
    is_same_user,
    peer_uid,
    private_socket_folder,
    quick_argv,
    send,
    server_address,
)
from app.gui.single_instance import InstanceServer
from tests.conftest import REPO, run_kenning

T = TypeVar("T")


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A private folder with a short path (a socket path has ~100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="kq-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _in_thread(qtbot: QtBot, call: Callable[[], T]) -> T:
    """Run a blocking client call while the test's Qt event loop serves the socket."""
    outcome: list[T | BaseException] = []

    def target() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:
            outcome.append(exc)
    thread = threading.Thread(target=target)
    thread.start()
    qtbot.waitUntil(lambda: bool(outcome), timeout=20_000)
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def test_one_address_per_user_settings_folder_and_index(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    config, db = tmp_path / "config", tmp_path / "index.db"
    address = Path(server_address(config, db))
    assert address.parent == tmp_path and address.name.startswith(f"kenning-{os.getuid()}-")
    assert server_address(config, db) == str(address)
    assert server_address(tmp_path / "other", db) != str(address)
    assert server_address(config, tmp_path / "other.db") != str(address)
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert Path(server_address(config, db)).parent == \
        Path(tempfile.gettempdir()) / f"kenning-{os.getuid()}"


def test_messages_round_trip_and_anything_else_is_refused() -> None:
    for message in (Message(Command.QUICK), Message(Command.QUIT),
                    Message(Command.GUI, ("/tmp/my project", "/tmp/ü")),
                    Message(Command.QUICK, (), "wayland-activation-token")):
        assert Message.decode(message.encode()) == message
    for line in (b"", b"quick\n", b'{"cmd": "format"}\n', b'{"cmd": "gui", "args": [1]}\n',
                 b'["quick"]\n', b'{"args": []}\n', b'{"cmd": "quick", "token": 7}\n'):
        with pytest.raises(KenningError):
            Message.decode(line)


def test_the_server_answers_refuses_garbage_and_replaces_a_stale_socket(
        qtbot: QtBot, short_dir: Path) -> None:
    address = str(short_dir / "k.sock")
    crashed = socket.socket(socket.AF_UNIX)  # what a crashed app leaves: a file, nobody behind
    crashed.bind(address)
    crashed.close()
    assert not answers(address)
    assert not send(Message(Command.QUICK), address)

    server = InstanceServer()
    assert server.claim(address)
    assert not InstanceServer().claim(address)  # one app per address
    received: list[Message] = []
    server.received.connect(received.append)
    message = Message(Command.GUI, ("/some/folder",))
    assert _in_thread(qtbot, lambda: send(message, address)) is True
    assert received == [message]

    def garbage() -> str:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(address)
            sock.sendall(b"rm -rf /\n")
            return sock.makefile().readline()
    assert _in_thread(qtbot, garbage).startswith("error: not a Kenning command")
    assert _in_thread(qtbot, lambda: send(Message(Command.QUICK), address)) is True
    assert received == [message, Message(Command.QUICK)]

    server.close()
    assert not Path(address).exists()
    assert not send(Message(Command.QUICK), address)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="needs root, to run a process as another user")
def test_another_users_socket_is_recognised_and_not_used(short_dir: Path) -> None:
    short_dir.chmod(0o777)
    address = short_dir / "theirs.sock"
    # Another user (nobody) listens in a folder anyone can enter.
    listen = (f"import os, socket\nos.setuid(65534)\ns = socket.socket(socket.AF_UNIX)\n"
              f"s.bind({str(address)!r})\ns.listen()\nprint('up', flush=True)\n"
              "while True:\n    s.accept()[0].recv(100)\n")
    theirs = subprocess.Popen([sys.executable, "-c", listen], stdout=subprocess.PIPE, text=True)
    try:
        assert theirs.stdout is not None and theirs.stdout.readline() == "up\n"
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(address))
            assert peer_uid(sock.fileno()) == 65534
            assert not is_same_user(sock.fileno())
        with pytest.raises(KenningError, match="belongs to another user"):
            send(Message(Command.QUICK), str(address))
        with pytest.raises(KenningError, match="not private"):
            private_socket_folder(str(address))
    finally:
        theirs.kill()
        theirs.wait()
    left, right = socket.socketpair()
    with left, right:
        assert peer_uid(left.fileno()) == os.getuid() and is_same_user(left.fileno())


def test_quit_without_a_running_app_is_quick_and_thin(short_dir: Path, tmp_path: Path) -> None:
    env = {"XDG_RUNTIME_DIR": str(short_dir), "KENNING_CONFIG_DIR": str(tmp_path)}
    check = ("import sys; from app.cli.main import main; code = main(['--quit']); "
             "print(sorted({m.split('.')[0] for m in sys.modules} & "
             "{'PySide6', 'llama_cpp', 'apsw', 'numpy'}), code)")
    proc = subprocess.run([sys.executable, "-c", check], env={**os.environ, **env}, cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert (proc.stdout, proc.stderr) == ("[] 0\n", "kenning: not running\n")
    run = run_kenning(["--quit", "gui"], env=env)
    assert run.code == 2 and "--quit takes no command" in run.err


def test_the_quick_command_is_this_installations(monkeypatch: pytest.MonkeyPatch) -> None:
    script = shutil.which("kenning", path=str(Path(sys.executable).parent))
    assert script is not None  # the venv's console script
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # not on PATH: the full path
    assert quick_argv() == [script, "quick"]
    monkeypatch.setenv("PATH", f"{Path(script).parent}:/usr/bin")  # on PATH: the bare name
    assert quick_argv() == ["kenning", "quick"]
    proc = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "quick" in proc.stdout  # a command that really runs
