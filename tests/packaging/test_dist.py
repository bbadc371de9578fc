"""The Linux archive of `make dist`: unpack, install.sh into a temporary user, use the
packaged binary (CLI and window), uninstall.sh, and nothing is left behind.

Reuses the archive `make dist` wrote (building it takes minutes: `make dist-test`
runs both); skipped in a plain `make test` where there is none.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app import __version__
from app.core import autostart
from app.core.instance import answers, server_address
from tests.conftest import REPO
from tests.packaging.conftest import files_under, need, ok, tiny_project, user_env
from tests.polling import wait_for

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def archive() -> Path:
    found = sorted((REPO / "dist").glob(f"kenning-{__version__}-linux-*.tar.gz"))
    need(bool(found), f"no dist/kenning-{__version__}-linux-*.tar.gz")
    return found[-1]


def test_install_use_and_uninstall(archive: Path, tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    with tarfile.open(archive) as tar:
        tar.extractall(tmp_path / "unpacked", filter="tar")
    (top,) = (tmp_path / "unpacked").iterdir()
    assert top.name == archive.name.removesuffix(".tar.gz")
    prefix = tmp_path / "user"
    env = user_env(prefix)
    home, data, config = (Path(env[k]) for k in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"))

    ok([top / "install.sh"], env)
    app_dir = data / "kenning" / "app"
    launcher = home / ".local" / "bin" / "kenning"
    desktop = data / "applications" / "kenning.desktop"
    assert (app_dir / "kenning").is_file() and launcher.resolve() == app_dir / "kenning"
    assert (data / "icons/hicolor/scalable/apps/kenning.svg").is_file()
    assert (data / "icons/hicolor/256x256/apps/kenning.png").is_file()
    entry = desktop.read_text()
    assert f"Exec={launcher} gui %F" in entry and f"Exec={launcher} quick" in entry
    assert "[Desktop Action quick]" in entry and f"TryExec={launcher}" in entry
    if shutil.which("desktop-file-validate"):
        ok(["desktop-file-validate", desktop], env)
    assert not (home / ".local/share").exists()  # $XDG_DATA_HOME was respected

    assert ok([launcher, "--version"], env).stdout.strip() == f"kenning {__version__}"
    project = tiny_project(tmp_path / "project")
    indexed = ok([launcher, "index", project], env)
    assert "Converting" not in indexed.stderr  # the model ships built: nothing to provision
    found = ok([launcher, "search", "--json", "-k", "1", "compare two version strings"], env)
    (line,) = [json.loads(x) for x in found.stdout.splitlines()]
    assert line["results"][0]["symbol"] == "compare_versions"
    status = json.loads(ok([launcher, "status", "--json"], env).stdout)
    assert "shipped" in (status["bias"] or ""), status["bias"]
    assert "learned" in (status["order"] or ""), status["order"]  # the forest is bundled
    # The bundle chose its llama.cpp CPU kernels (probed through its own executable).
    assert status["cpu_backend"], status
    _window_comes_up_and_quits(launcher, env, monkeypatch)
    _window_indexes_and_follows_a_folder(launcher, env, tmp_path / "second", monkeypatch)

    # Settings → "start on login" wrote this; uninstall.sh must take it too.
    autostart_entry = config / "autostart" / "kenning.desktop"
    autostart_entry.parent.mkdir(parents=True)
    autostart_entry.write_text(autostart.entry_text([str(launcher)]))

    kept = ok([app_dir / "uninstall.sh"], env)
    assert "kept" in kept.stdout
    assert not app_dir.exists() and not launcher.exists() and not desktop.exists()
    assert not autostart_entry.exists()
    assert (data / "kenning" / "index.db").is_file()  # the user's index stays by default
    ok([top / "uninstall.sh", "--purge"], env)
    assert files_under(home, data, config) == []


def _window_comes_up_and_quits(launcher: Path, env: dict[str, str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundled Qt (platform plugins and all) starts the app; --quit ends it."""
    with _running_app([launcher, "gui", "--minimized"], env, monkeypatch):
        pass


def _window_indexes_and_follows_a_folder(launcher: Path, env: dict[str, str], folder: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The window indexes and watches through child processes: in a bundle they are
    the bundled executable itself (`kenning -m app.core.processes.index_child ...`)."""
    folder.mkdir()
    (folder / "settings.py").write_text(
        "def load_settings(path):\n"
        '    """Read the settings file into a dict of sections."""\n'
        "    return dict(line.split('=', 1) for line in open(path))\n")
    with _running_app([launcher, "gui", folder], env, monkeypatch):
        _found_within(launcher, env, "read the settings file into a dict", "load_settings")
        (folder / "logs.py").write_text(
            "def rotate_log_files(folder, keep):\n"
            '    """Delete all but the newest `keep` log files."""\n'
            "    for old in sorted(folder.glob('*.log'))[:-keep]:\n"
            "        old.unlink()\n")
        _found_within(launcher, env, "delete old log files, keep the newest", "rotate_log_files")


def _found_within(launcher: Path, env: dict[str, str], query: str, symbol: str,
                  seconds: float = 120) -> None:
    def found() -> bool:
        done = subprocess.run([str(launcher), "search", "--json", "-k", "3", query], env=env,
                              capture_output=True, text=True, timeout=120)
        lines = [json.loads(x) for x in done.stdout.splitlines()] if done.returncode == 0 else []
        return any(r["symbol"] == symbol for line in lines for r in line["results"])

    wait_for(found, f"{symbol} in the results of the packaged `kenning search`", seconds,
             interval=1)


@contextlib.contextmanager
def _running_app(argv: list[str | Path], env: dict[str, str],
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The packaged app up (its socket answers) for the block; then --quit ends it."""
    runtime = Path(tempfile.mkdtemp(prefix="kd-"))  # a socket path must be short
    try:
        env = {**env, "XDG_RUNTIME_DIR": str(runtime)}
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
        app = subprocess.Popen([str(a) for a in argv], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            config = Path(env["XDG_CONFIG_HOME"]) / "kenning"
            index = Path(env["XDG_DATA_HOME"]) / "kenning" / "index.db"
            address = server_address(config, index)

            def up() -> bool:
                assert app.poll() is None, app.communicate()[1]
                return answers(address)

            wait_for(up, "the packaged app to come up", 60, interval=0.2)
            yield
            ok([argv[0], "--quit"], env)
            assert app.wait(timeout=60) == 0
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
    finally:
        shutil.rmtree(runtime, ignore_errors=True)
