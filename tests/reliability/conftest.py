"""Fixtures for the reliability tests: the real model, an isolated app environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.model.embedder import Embedder
from app.core.model.provision import ensure_default_model


@pytest.fixture(scope="session")
def model_file() -> Path:
    """The real default model (provisioned by `make setup`; built here if missing)."""
    return ensure_default_model()


@pytest.fixture(scope="session")
def embedder(model_file: Path) -> Embedder:
    """One real model for the in-process indexing tests (loading it per test is slow)."""
    return Embedder(model_file, n_threads=2)


@pytest.fixture
def app_env(tmp_path: Path, model_file: Path) -> dict[str, str]:
    """Environment for a CLI subprocess whose data, settings and log stay in `tmp_path`."""
    return {"KENNING_DATA_DIR": str(tmp_path / "data"),
            "KENNING_CONFIG_DIR": str(tmp_path / "config"),
            "KENNING_MODEL": str(model_file)}
