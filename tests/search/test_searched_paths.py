"""The path filters searched with, kept beside the index: order, limit, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.search.searched_paths import KEEP, recent_paths, remember_paths, searched_file


def test_most_recent_first_folders_absolute_at_most_keep(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "index.db"
    (tmp_path / "src").mkdir()
    monkeypatch.chdir(tmp_path)
    assert recent_paths(db) == []
    remember_paths(db, ["src"])
    remember_paths(db, ["*.py", "tests"])  # a glob and a word, kept as typed
    assert recent_paths(db) == ["*.py", "tests", str(tmp_path / "src")]
    remember_paths(db, ["src"])
    assert recent_paths(db) == [str(tmp_path / "src"), "*.py", "tests"]
    assert searched_file(db).stat().st_mode & 0o777 == 0o600
    for n in range(2 * KEEP):
        remember_paths(db, [f"word{n}"])
    assert recent_paths(db) == [f"word{n}" for n in range(2 * KEEP - 1, KEEP - 1, -1)]


def test_an_unwritable_folder_or_a_damaged_file_is_passed_over(tmp_path: Path) -> None:
    db = tmp_path / "index.db"
    searched_file(db).write_text("{not json")
    assert recent_paths(db) == []
    searched_file(db).write_text('{"a": 1}')
    assert recent_paths(db) == []
    remember_paths(db, ["lib"])
    assert recent_paths(db) == ["lib"]
    unwritable = tmp_path / "a-file" / "index.db"  # its folder is a file: no writing there
    unwritable.parent.write_text("")
    remember_paths(unwritable, ["lib"])  # no error, nothing written
    assert recent_paths(unwritable) == []
