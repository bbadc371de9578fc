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

import apsw
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


def _two_folders_indexed(tmp_path: Path, env: dict[str, str], names: tuple[str, str],
                         files: int) -> tuple[Path, Path, Path]:
    """Two code folders under `tmp_path` and one index of both: (first, second, db)."""
    first, second = tmp_path / names[0], tmp_path / names[1]
    write_code_tree(first, files)
    write_code_tree(second, files)
    db = tmp_path / "index.db"
    assert kenning(["index", first, second, "--db", db, "-q"], env).code == 0
    return first, second, db


def test_damaged_index_is_explained_and_rebuilt_by_one_command(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    first, second, db = _two_folders_indexed(tmp_path, app_env, ("first", "second"), 3)
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


@pytest.mark.parametrize("header", [b"", b"SQLite format 3\x00"])
def test_rebuild_of_an_unreadable_file_asks_for_the_folders(
        header: bytes, tmp_path: Path, app_env: dict[str, str]) -> None:
    db = tmp_path / "index.db"
    db.write_bytes(header + b"garbage" * 1000)
    run = kenning(["index", "--rebuild", "--db", db], app_env)
    assert run.code == 1
    assert "kenning index --rebuild PATH" in one_clear_line(run.err)
    assert db.read_bytes() == header + b"garbage" * 1000  # nothing thrown away yet


def test_rebuild_never_deletes_what_is_not_an_index(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    """`--db` naming the wrong file by mistake: another application's SQLite database
    and a FIFO are left as they were, with one line saying why; a file that is no
    database at all (damaged past its header, or a text file) is moved aside."""
    tree = tmp_path / "tree"
    write_code_tree(tree, 2)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes, please keep them\n")
    run = kenning(["index", tree, "--rebuild", "--db", notes, "-q"], app_env)
    assert run.code == 0, run.err
    assert "kept as" in run.err
    assert (tmp_path / "notes.txt.not-an-index").read_text() == "my notes, please keep them\n"
    other = tmp_path / "app.sqlite"
    conn = apsw.Connection(str(other))
    conn.execute("CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT);"
                 "INSERT INTO users(name) VALUES ('alice')")
    conn.close()
    fifo = tmp_path / "fifo.db"
    os.mkfifo(fifo)
    for target, words in ((other, "another application"), (fifo, "not a regular file")):
        before = target.read_bytes() if target.is_file() else None
        run = kenning(["index", tree, "--rebuild", "--db", target], app_env, timeout=60)
        assert run.code == 1, run.err
        assert words in one_clear_line(run.err)
        assert (target.read_bytes() if target.is_file() else None) == before
    assert fifo.exists() and not fifo.is_file()
    # Without --rebuild, another application's database gets no tables of ours.
    run = kenning(["index", tree, "--db", other], app_env)
    assert run.code == 1 and "another application" in one_clear_line(run.err)
    conn = apsw.Connection(str(other))
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ] == ["users"]
    conn.close()


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
    assert not (tmp_path / "index.db").exists()  # a failed first run leaves no index file
    run = kenning(["index", tmp_path / "nowhere", "--db", tmp_path / "index.db"], app_env)
    assert run.code == 1 and "does not exist" in one_clear_line(run.err)
    assert not (tmp_path / "index.db").exists()


def test_rebuild_checks_the_model_and_the_folders_before_it_throws_anything_away(
        tmp_path: Path, app_env: dict[str, str]) -> None:
    _, away, db = _two_folders_indexed(tmp_path, app_env, ("here", "away"), 2)
    before = checked_dump(db).content()
    text_model = tmp_path / "text.gguf"
    text_model.write_text("not a model at all\n" * 10)
    run = kenning(["index", "--rebuild", "--db", db, "--model", text_model], app_env)
    assert run.code == 1 and str(text_model) in one_clear_line(run.err)
    # Searching with it names the file, rather than asking for a rebuild.
    run = kenning(["search", "handle request", "--db", db, "--model", text_model], app_env)
    line = one_clear_line(run.err)
    assert run.code == 1 and "GGUF model" in line and "re-index" not in line
    away.rename(tmp_path / "unplugged")  # a drive that is not mounted today
    run = kenning(["index", "--rebuild", "--db", db], app_env)
    assert run.code == 1 and "is missing" in one_clear_line(run.err)
    assert checked_dump(db).content() == before


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_model_path_that_is_no_file_is_named_not_hung_on(
        kind: str, tmp_path: Path, app_env: dict[str, str]) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    write_code_tree(tree, 2)
    assert kenning(["index", tree, "--db", db, "-q"], app_env).code == 0
    model = tmp_path / "model.gguf"
    os.mkfifo(model) if kind == "fifo" else model.mkdir()
    for args in (["status", "--db", db], ["search", "handle request", "--db", db]):
        run = kenning([*args, "--model", model], app_env, timeout=60)
        assert run.code == 1 and "is not a regular file" in one_clear_line(run.err)
