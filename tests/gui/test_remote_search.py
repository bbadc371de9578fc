"""`kenning search` while the app runs: the app answers with its warm engine.

The real app in a real process, the real CLI in another: the command must not
load the model or open the index itself (no llama_cpp, no apsw imported), and
must print exactly what a search in its own process prints.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.instance import answers, server_address
from app.core.settings import CONFIG_ENV
from tests.conftest import REPO

STARTUP_TIMEOUT = 120
QUERY = "debounce user input"


@pytest.fixture
def running_app(demo_db: Path) -> Iterator[dict[str, str]]:
    """The app on `demo_db`, started in the background; the environment to reach it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen([sys.executable, "-m", "app", "gui", "--minimized", "--db",
                            str(demo_db)], cwd=REPO, env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True)
    address = server_address(Path(env[CONFIG_ENV]), demo_db)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not answers(address):
            assert app.poll() is None, app.communicate()
            assert time.monotonic() < deadline, "the app did not start listening in time"
            time.sleep(0.2)
        yield env
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            app.kill()
            app.communicate()


def _search(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "app", "search", *args],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("output", [["--json"], ["--color", "never", "-C", "2"]])
def test_search_is_answered_by_the_running_app(running_app: dict[str, str], demo_db: Path,
                                               output: list[str]) -> None:
    args = [*output, "--db", str(demo_db), "-k", "5", "--path", str(REPO / "resources"), QUERY]
    asked = _search(running_app, *args)
    assert asked.returncode == 0, asked.stderr
    imported = {line.split("|")[-1].strip() for line in asked.stderr.splitlines()
                if line.startswith("import time:")}
    assert not imported & {"llama_cpp", "apsw", "numpy"}, "searched in its own process"
    here = _search({**running_app, "KENNING_SEARCH_LOCAL": "1"}, *args)
    assert here.returncode == 0, here.stderr
    assert "llama_cpp" in here.stderr
    assert asked.stdout == here.stdout and "debounce" in asked.stdout


def test_an_app_with_another_model_leaves_the_search_to_the_command(
        running_app: dict[str, str], demo_db: Path, f16_model: Path) -> None:
    asked = _search(running_app, "--json", "--db", str(demo_db), "--model", str(f16_model),
                    QUERY)
    # Searched in its own process with the model it was given: this index was built
    # with another one, which it says in one line.
    assert asked.returncode == 1
    assert "re-index needed" in asked.stderr and "llama_cpp" in asked.stderr
