"""Trees the user does not control: ignore files with lines that are no patterns, a
folder given through a symbolic link, a watcher that meets a failure."""

from __future__ import annotations

import json
import os
from pathlib import Path

from watchdog.events import FileCreatedEvent

from app.core.store.store import Store
from app.core.watching.events import ChangeHandler
from tests.reliability.helpers import kenning, one_clear_line, write_code_tree


def _status(db: Path, env: dict[str, str]) -> dict:
    return json.loads(kenning(["status", "--json", "--db", db], env).out)


def test_a_gitignore_line_that_is_no_pattern_stops_nothing(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    tree = tmp_path / "tree"
    write_code_tree(tree, 4, per_folder=2)  # pkg0/mod0.py, pkg0/mod1.py, pkg1/...
    # git skips such lines; the good line after them still applies.
    (tree / "pkg1" / ".gitignore").write_text("!\n\\\n[z-a]\nmod3.py\n")
    db = tmp_path / "index.db"
    run = kenning(["index", tree, "--db", db, "-q"], app_env)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err
    with Store(db, readonly=True) as store:
        indexed = {row[0] for row in store.conn.execute("SELECT rel_path FROM files")}
    assert {"pkg0/mod0.py", "pkg0/mod1.py", "pkg1/mod2.py"} <= indexed
    assert "pkg1/mod3.py" not in indexed  # the good line of that file still applies


def test_an_exclude_that_is_no_pattern_is_a_usage_error(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    tree = tmp_path / "tree"
    write_code_tree(tree, 1)
    run = kenning(["index", tree, "--db", tmp_path / "index.db", "--exclude", "!"], app_env)
    assert run.code == 1 and "--exclude" in one_clear_line(run.err)


def test_an_empty_path_is_refused_not_taken_for_here(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    run = kenning(["index", "", "--db", tmp_path / "index.db"], app_env)
    assert run.code == 1 and "empty PATH" in one_clear_line(run.err)


def test_a_folder_given_through_a_link_is_indexed_as_its_target(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    real = tmp_path / "data" / "code"
    write_code_tree(real, 3)
    link = tmp_path / "code"
    link.symlink_to(real, target_is_directory=True)
    db = tmp_path / "index.db"
    assert kenning(["index", link, "--db", db, "-q"], app_env).code == 0
    status = _status(db, app_env)
    assert status["files"] == 3
    assert [r["path"] for r in status["roots"]] == [str(real)]


class _Failing:
    def wanted(self, path: Path, is_dir: bool) -> bool:
        raise ValueError("a rule that cannot be read")


class _Queue:
    def __init__(self) -> None:
        self.added: list[Path] = []

    def add(self, path: Path, is_dir: bool = False) -> None:
        self.added.append(path)


def test_a_failure_on_one_event_does_not_end_the_watch(tmp_path: Path) -> None:
    """watchdog runs the handler on its observer thread: an exception would end the
    thread and every later event with it."""
    handler = ChangeHandler(_Failing(), _Queue())  # type: ignore[arg-type]
    handler.on_any_event(FileCreatedEvent(os.fsencode(tmp_path / "a.py")))  # no raise
