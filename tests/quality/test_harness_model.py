"""`make quality` measures the model `$KENNING_MODEL` names, in indexes of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.model.provision import file_fingerprint
from app.quality.evaluate import INDEX_DIR_ENV, index_dir, project_engine
from app.quality.projects import load_projects


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KENNING_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv(INDEX_DIR_ENV, raising=False)
    monkeypatch.delenv("KENNING_MODEL", raising=False)
    return tmp_path / "cache"


def test_the_default_model_keeps_the_usual_indexes(cache: Path) -> None:
    assert index_dir() == cache / "quality-index"


def test_another_model_is_measured_in_indexes_named_for_it(
        cache: Path, f16_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KENNING_MODEL", str(f16_model))
    folder = cache / f"quality-index-{file_fingerprint(f16_model)[:16]}"
    assert index_dir() == folder
    engine = project_engine(load_projects()[0])
    assert engine.model_path() == f16_model
    assert engine.config.db_path.parent == folder


def test_a_folder_named_for_the_indexes_wins(cache: Path, tmp_path: Path, f16_model: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KENNING_MODEL", str(f16_model))
    monkeypatch.setenv(INDEX_DIR_ENV, str(tmp_path / "mine"))
    assert index_dir() == tmp_path / "mine"
