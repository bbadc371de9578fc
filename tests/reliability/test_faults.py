"""Injected faults: a full disk, a file-size limit, a damaged database, a bad model file.

Each gives one clear line (exit 1, no traceback), leaves the index as it was,
and the way out it names works.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.model.embedder import Embedder
from app.core.store.store import Store
from tests.conftest import REPO
from tests.reliability.helpers import (
    checked_dump,
    fresh_content,
    kenning,
    one_clear_line,
    write_code_tree,
)


@contextlib.contextmanager
def small_disk(where: Path, megabytes: int) -> Iterator[Path]:
    """A real, tiny file system (tmpfs); skips the test where it cannot be mounted."""
    where.mkdir()
    mount = shutil.which("mount")
    if os.geteuid() != 0 or mount is None or subprocess.run(
            [mount, "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0700", "tmpfs", str(where)],
            capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root): the file-size limit test "
                    "covers running out of room")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(disk: Path) -> Path:
    """Fill `disk` to the last byte; the filler file is returned for removal."""
    filler = disk / "filler"
    with open(filler, "wb") as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 65536)
    return filler


def test_disk_full_gives_a_clear_message_and_keeps_the_index(
        tmp_path: Path, app_env: dict[str, str], embedder: Embedder) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_code_tree(first, 6)
    write_code_tree(second, 6)
    with small_disk(tmp_path / "disk", 8) as disk:
        db = disk / "index.db"
        assert kenning(["index", first, "--db", db, "-q"], app_env).code == 0
        before = checked_dump(db).content()
        filler = _fill(disk)
        run = kenning(["index", second, "--db", db], app_env)
        assert run.code == 1
        line = one_clear_line(run.err)
        assert "disk full" in line and str(db) in line, line
        filler.unlink()
        assert checked_dump(db).content() == before  # no room for even one file
        assert kenning(["index", first, second, "--db", db, "-q"], app_env).code == 0
        both = checked_dump(db).content()
    fresh = tmp_path / "fresh.db"
    fresh_content(first, fresh, embedder)
    assert both == fresh_content(second, fresh, embedder)


def _limit_file_size(limit: int) -> None:
    """In the child: writes past `limit` bytes fail with EFBIG (not a killing SIGXFSZ)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_no_room_to_grow_the_index_gives_a_clear_message(
        tmp_path: Path, app_env: dict[str, str], embedder: Embedder) -> None:
    """Any user's stand-in for a full disk: RLIMIT_FSIZE makes every write past it fail."""
    first, second = tmp_path / "first", tmp_path / "second"
    write_code_tree(first, 4)
    write_code_tree(second, 12)
    db = tmp_path / "index.db"
    assert kenning(["index", first, "--db", db, "-q"], app_env).code == 0
    before = checked_dump(db).content()
    limit = 64 * 1024  # the WAL cannot grow past this: a few files' worth
    proc = subprocess.run([sys.executable, "-m", "app", "index", str(second), "--db", str(db)],
                          capture_output=True, text=True, env={**os.environ, **app_env},
                          timeout=300, cwd=REPO, preexec_fn=lambda: _limit_file_size(limit))
    assert proc.returncode == 1, proc.stderr
    line = one_clear_line(proc.stderr)
    assert str(db) in line and "cannot use the index" in line, line
    after = checked_dump(db)  # files committed before the failure stay, whole
    assert [f for f in after.files if Path(str(f[0])).is_relative_to(first)] == before[0]
    assert kenning(["index", second, "--db", db, "-q"], app_env).code == 0
    assert {Path(str(f[0])).parent.parent for f in checked_dump(db).files} == {first, second}


def _damage_table(db: Path, table: str) -> None:
    """Overwrite the first page of `table`'s b-tree with garbage; the rest is intact."""
    with Store(db) as store:
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        page_size = store.conn.execute("PRAGMA page_size").fetchone()[0]
        root = store.conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                                  (table,)).fetchone()[0]
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\xa5" * page_size)


def test_damaged_index_is_explained_and_rebuilt_by_one_command(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    write_code_tree(first, 3)
    write_code_tree(second, 3)
    db = tmp_path / "index.db"
    assert kenning(["index", first, second, "--db", db, "-q"], app_env).code == 0
    settings = Path(app_env["KENNING_CONFIG_DIR"]) / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"folders": [str(first), str(second)],
                                    "ignore_patterns": ["fixtures/"]}))
    saved = settings.read_bytes()
    _damage_table(db, "chunks")

    for args in (["search", "handle request", "--db", db], ["status", "--db", db]):
        run = kenning(args, app_env)
        assert run.code == 1, run.err
        line = one_clear_line(run.err)
        assert "damaged" in line and str(db) in line and "kenning index --rebuild" in line

    run = kenning(["index", "--rebuild", "--db", db], app_env)  # no PATH: the roots are kept
    assert run.code == 0, run.err
    status = json.loads(kenning(["status", "--json", "--db", db], app_env).out)
    assert sorted(r["path"] for r in status["roots"]) == [str(first), str(second)]
    assert status["files"] == 6
    assert settings.read_bytes() == saved
    checked_dump(db)


def test_rebuild_of_an_unreadable_file_asks_for_the_folders(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    db = tmp_path / "index.db"
    db.write_bytes(b"garbage" * 1000)
    run = kenning(["index", "--rebuild", "--db", db], app_env)
    assert run.code == 1
    assert "kenning index --rebuild PATH" in one_clear_line(run.err)


@pytest.mark.parametrize("damage", ["truncated", "not a model"])
def test_bad_model_file_is_named_in_one_line(
        damage: str, tmp_path: Path, app_env: dict[str, str], model_file: Path) -> None:
    bad = tmp_path / "my model.gguf"
    if damage == "truncated":
        bad.write_bytes(model_file.read_bytes()[: model_file.stat().st_size // 3])
    else:
        bad.write_text("def not_a_model():\n    pass\n" * 100)
    tree = tmp_path / "tree"
    write_code_tree(tree, 2)
    run = kenning(["index", tree, "--db", tmp_path / "index.db", "--model", bad], app_env)
    assert run.code == 1
    assert str(bad) in one_clear_line(run.err)
