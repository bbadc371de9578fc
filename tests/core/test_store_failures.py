"""Storage failures turned into one line the user can act on (store/failures.py)."""

from __future__ import annotations

from pathlib import Path

import apsw
import pytest

from app.core.errors import StoreError
from app.core.store.failures import explain
from app.core.store.store import Store


@pytest.mark.parametrize("message", ["vectors blob read error for 2",
                                     "Could not fetch vector data for 287, reading from blob "
                                     "failed"])
def test_damaged_vector_pages_are_explained(message: str, tmp_path: Path) -> None:
    """sqlite-vec reports a damaged page of vectors as a plain SQL error."""
    error = explain(apsw.SQLError(message), tmp_path / "index.db")
    assert error is not None
    assert "damaged" in str(error) and "kenning index --rebuild" in str(error)


def test_other_sql_errors_stay_errors_of_ours(tmp_path: Path) -> None:
    assert explain(apsw.SQLError("no such column: nope"), tmp_path / "index.db") is None


@pytest.mark.parametrize("readonly", [False, True])
def test_a_folder_given_as_the_index_is_named_as_such(tmp_path: Path, readonly: bool) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path, readonly=readonly)
