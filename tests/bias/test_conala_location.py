"""CoNaLa is found next to the checkout or where `--conala` / $KENNING_CONALA_DIR say;
missing, it is one clear error naming both ways (not an internal error)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.bias.eval_sets import CONALA_ENV, conala_pairs
from app.core.errors import KenningError


def test_a_folder_given_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [{"intent": "reverse a list", "snippet": "x[::-1]"}]
    (tmp_path / "test.json").write_text(json.dumps(pairs))
    monkeypatch.setenv(CONALA_ENV, str(tmp_path))
    assert conala_pairs("test") == pairs


def test_missing_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CONALA_ENV, str(tmp_path / "absent"))
    with pytest.raises(KenningError, match=r"--conala PATH.*KENNING_CONALA_DIR"):
        conala_pairs("test")
