"""Shared by the packaging tests: a clean user environment in a temporary prefix."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest

# `make dist-test` sets this: there, a missing artifact or wheelhouse is a failure.
REQUIRED_ENV = "KENNING_PACKAGING_TESTS"
# Variables of the developer's own Kenning that must not leak into an installed one.
_KENNING_VARS = ("KENNING_DB", "KENNING_DATA_DIR", "KENNING_CONFIG_DIR", "KENNING_CACHE_DIR",
                 "KENNING_MODEL")


def need(condition: bool, why: str) -> None:
    """Fail under `make dist-test`, skip in a plain `make test` (nothing was built)."""
    if condition:
        return
    if os.environ.get(REQUIRED_ENV):
        pytest.fail(why)
    pytest.skip(f"{why} (run `make dist-test`)")


def user_env(prefix: Path) -> dict[str, str]:
    """A user whose home and XDG folders are all under `prefix`."""
    env = {k: v for k, v in os.environ.items() if k not in _KENNING_VARS}
    env.update(HOME=str(prefix / "home"), XDG_DATA_HOME=str(prefix / "xdg-data"),
               XDG_CONFIG_HOME=str(prefix / "xdg-config"),
               XDG_CACHE_HOME=str(prefix / "xdg-cache"), QT_QPA_PLATFORM="offscreen")
    (prefix / "home").mkdir(parents=True, exist_ok=True)
    return env


def run(argv: Sequence[str | Path], env: dict[str, str], timeout: float = 600,
        cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in argv], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


def ok(argv: Sequence[str | Path], env: dict[str, str], timeout: float = 600,
       cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    done = run(argv, env, timeout, cwd)
    assert done.returncode == 0, f"{argv}: {done.stdout}\n{done.stderr}"
    return done


def tiny_project(root: Path) -> Path:
    """Two small source files with one distinctive function to find."""
    root.mkdir(parents=True)
    (root / "versions.py").write_text(
        "def compare_versions(a: str, b: str) -> int:\n"
        '    """Compare two dotted version strings: -1, 0 or 1."""\n'
        "    left = [int(x) for x in a.split('.')]\n"
        "    right = [int(x) for x in b.split('.')]\n"
        "    return (left > right) - (left < right)\n")
    (root / "upload.js").write_text(
        "function retryUpload(file, attempts) {\n"
        "  for (let i = 0; i < attempts; i++) {\n"
        "    if (send(file)) return true;\n"
        "  }\n"
        "  return false;\n"
        "}\n")
    return root


def files_under(*roots: Path) -> list[Path]:
    return sorted(p for root in roots if root.exists() for p in root.rglob("*")
                  if not p.is_dir())
