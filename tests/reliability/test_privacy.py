"""Privacy: what Kenning writes is the user's alone, the app socket talks to the user
alone, nothing goes on the network, and likely secrets are never indexed (and the
settings say which)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.files.rules import SECRET_PATTERNS
from app.core.instance import Command, Message, send
from app.core.settings import Settings, save_settings
from app.core.store.store import Store
from app.gui.settings_dialog import SettingsDialog
from app.gui.single_instance import InstanceServer
from tests.conftest import REPO
from tests.reliability.helpers import kenning, write_code_tree

LOG_ONE_RECORD = ("import logging; from app.core.logs import setup_logging; setup_logging(); "
                  "logging.getLogger('app.test').warning('one record')")


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_index_log_and_settings_are_private_down_to_new_parent_folders(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    data, config = tmp_path / "new" / "data", tmp_path / "new2" / "config"
    env = {**app_env, "KENNING_DATA_DIR": str(data), "KENNING_CONFIG_DIR": str(config),
           "KENNING_DB": ""}  # the default place, inside the data folder
    tree = tmp_path / "tree"
    write_code_tree(tree, 2)
    assert kenning(["index", tree, "-q"], env).code == 0
    # The log file is opened by the first record (a quiet index writes none): one record.
    subprocess.run([sys.executable, "-c", LOG_ONE_RECORD], env=env, cwd=REPO, check=True,
                   timeout=60)
    save_settings(Settings(folders=[str(tree)]), config / "settings.json")
    for folder in (data.parent, data, data / "logs", config.parent, config):
        assert _mode(folder) == 0o700, folder
    for file in (data / "index.db", data / "logs" / "kenning.log", config / "settings.json"):
        assert _mode(file) == 0o600, file
    with Store(data / "index.db") as store:  # while open: its WAL and shared memory
        store.set_meta("touched", "1")
        sides = [Path(f"{data / 'index.db'}{s}") for s in ("-wal", "-shm")]
        assert [_mode(p) for p in sides] == [0o600, 0o600]


NO_NETWORK = r"""
import json, os, socket, sys
seen = []
def audit(event, args):
    if event == "socket.__new__" and args[1] in (socket.AF_INET, socket.AF_INET6):
        seen.append([event, str(args[1])])
    elif event in ("socket.connect", "socket.bind") and args[0].family == socket.AF_UNIX:
        pass  # the running app's private local socket (`kenning search` asks it first)
    elif event in ("socket.connect", "socket.bind", "socket.sendto", "socket.getaddrinfo",
                   "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request"):
        seen.append([event, repr(args[1:] if event.startswith("socket.") else args)[:200]])
sys.addaudithook(audit)
from app.cli.main import main
codes = [main(["index", sys.argv[1], "-q"]), main(["search", "handle a request", "--json"])]
inet = set()
for table in ("tcp", "tcp6", "udp", "udp6"):
    with open(f"/proc/self/net/{table}") as handle:
        inet |= {line.split()[9] for line in list(handle)[1:]}
mine = set()
for fd in os.listdir("/proc/self/fd"):
    try:
        link = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:  # the listing's own descriptor, closed by now
        continue
    if link.startswith("socket:["):
        mine.add(link[8:-1])
print(json.dumps({"codes": codes, "audit": seen, "inet_fds": sorted(mine & inet)}))
"""


@pytest.mark.skipif(not Path("/proc/self/net/tcp").exists(), reason="needs Linux /proc")
def test_index_and_search_open_no_network_connection(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    tree = tmp_path / "tree"
    write_code_tree(tree, 3)
    env = {**os.environ, **app_env, "KENNING_DB": str(tmp_path / "index.db")}
    proc = subprocess.run([sys.executable, "-c", NO_NETWORK, str(tree)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout.splitlines()[-1])
    assert outcome["codes"] == [0, 0]
    assert outcome["audit"] == [] and outcome["inet_fds"] == []


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A short socket folder another user can enter (the socket's own guard is tested)."""
    folder = Path(tempfile.mkdtemp(prefix="kr-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


OTHER_USER_CLIENT = """
import os, socket, sys
sock = socket.socket(socket.AF_UNIX)
os.setgid(65534)
os.setuid(65534)
sock.settimeout(20)
sock.connect(sys.argv[1])
try:
    sock.sendall(b'{"cmd": "quit", "args": []}\\n')
    print(repr(sock.recv(100)))
except (BrokenPipeError, ConnectionResetError):
    print("refused")
"""


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0,
                    reason="needs root, to connect as another user")
def test_the_app_socket_refuses_another_user(qtbot: QtBot, open_folder: Path) -> None:
    address = str(open_folder / "k.sock")
    server = InstanceServer()
    assert server.claim(address)
    received: list[Message] = []
    server.received.connect(received.append)
    # As if the folder and socket were open to all: only the peer check is left.
    open_folder.chmod(0o755)
    os.chmod(address, 0o777)
    other = subprocess.Popen([sys.executable, "-c", OTHER_USER_CLIENT, address],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    qtbot.waitUntil(lambda: other.poll() is not None, timeout=30_000)
    out, err = other.communicate()
    assert other.returncode == 0, err
    assert out.strip() in ("refused", "b''")  # dropped without an answer
    assert received == []

    done: list[bool] = []
    thread = threading.Thread(target=lambda: done.append(send(Message(Command.QUICK), address)))
    thread.start()
    qtbot.waitUntil(lambda: bool(done), timeout=20_000)
    thread.join()
    assert done == [True] and received == [Message(Command.QUICK)]
    server.close()


def test_secrets_are_left_out_with_the_users_settings_and_listed_in_them(
        qtbot: QtBot, tmp_path: Path, app_env: dict[str, str]) -> None:
    tree, config = tmp_path / "tree", tmp_path / "config"
    write_code_tree(tree, 2)
    token = "zq7secretvalue"
    for name in (".env", "secrets.py", "deploy/id_rsa", "conf/credentials.json", "tls/site.key"):
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(f"API_TOKEN = '{token}'\n")
    # Settings as the window writes them, with ignore patterns of the user's own:
    # they add to the secret patterns, they do not replace them.
    save_settings(Settings(ignore_patterns=["build/"]), config / "settings.json")
    env = {**app_env, "KENNING_CONFIG_DIR": str(config), "KENNING_DB": str(tmp_path / "i.db")}
    assert kenning(["index", tree, "-q"], env).code == 0
    state = json.loads(kenning(["status", "--json"], env).out)
    assert state["files"] == 2
    found = kenning(["search", token, "--mode", "lexical", "--json"], env)
    assert json.loads(found.out)["results"] == []

    dialog = SettingsDialog(Settings(), tray_available=False)
    qtbot.addWidget(dialog)
    shown = dialog.findChild(type(dialog.secret_patterns), "secret_patterns").text()
    assert all(pattern in shown.split() for pattern in SECRET_PATTERNS), shown
