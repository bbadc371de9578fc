"""The CLI's promises: clear one-line errors, status, embed, no Qt on CLI paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from app.core.model.provision import current_default_model
from tests.conftest import REPO, IndexedTree, run_kenning


def _one_clear_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("kenning: ")
    return lines[0]


def test_version() -> None:
    run = run_kenning(["--version"])
    assert run.code == 0 and run.out.strip() == f"kenning {__version__}"


def test_child_modules_run_through_the_executable(tmp_path: Path) -> None:
    """A bundled app has no Python to start its children with: `kenning -m MODULE`
    runs Kenning's own child modules, and only those."""
    run = run_kenning(["-m", "app", "--version"])
    assert run.code == 0 and run.out.strip() == f"kenning {__version__}"
    run = run_kenning(["-m", "app.core.processes.index_child", "--help"])
    assert run.code == 0 and "--db" in run.out
    run = run_kenning(["-m", "os"])
    assert run.code == 2
    assert "not one of Kenning's child processes" in _one_clear_line(run.err)


def test_missing_database(tmp_path: Path) -> None:
    run = run_kenning(["search", "anything", "--db", tmp_path / "nope.db"])
    assert run.code == 1
    assert "kenning index" in _one_clear_line(run.err)


@pytest.mark.parametrize("content", [b"this is not a database at all" * 100,
                                     b"SQLite format 3\x00" + b"\xff" * 5000])
def test_corrupt_database(tmp_path: Path, content: bytes) -> None:
    db = tmp_path / "bad.db"
    db.write_bytes(content)
    for args in (["search", "x", "--db", db], ["status", "--db", db]):
        run = run_kenning(args)
        assert run.code == 1
        line = _one_clear_line(run.err)
        assert str(db) in line and "rebuild" in line


def test_rebuild_recovers_a_corrupt_database(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "calc.py").write_text("def add(a, b):\n    return a + b\n")
    db = tmp_path / "bad.db"
    db.write_bytes(b"garbage" * 1000)
    run = run_kenning(["index", src, "--rebuild", "--db", db])
    assert run.code == 0, run.err
    found = run_kenning(["search", "sum two numbers", "--json", "--db", db]).json_lines()
    assert found[0]["results"][0]["symbol"] == "add"


def test_missing_model_file(tmp_path: Path, stdlib_index: IndexedTree) -> None:
    run = run_kenning(["search", "x", "--db", stdlib_index.db, "--model", tmp_path / "m.gguf"])
    assert run.code == 1
    assert "m.gguf" in _one_clear_line(run.err)


def test_bad_arguments_are_usage_errors() -> None:
    run = run_kenning(["search", "x", "-k", "zero"])
    assert run.code == 2 and "Traceback" not in run.err
    run = run_kenning(["search"])
    assert run.code == 1
    assert "QUERY" in _one_clear_line(run.err)


def test_index_a_missing_folder(tmp_path: Path) -> None:
    run = run_kenning(["index", tmp_path / "absent", "--db", tmp_path / "i.db"])
    assert run.code == 1
    assert "does not exist" in _one_clear_line(run.err)


def test_status(stdlib_index: IndexedTree) -> None:
    run = run_kenning(["status", "--json", "--db", stdlib_index.db])
    assert run.code == 0, run.err
    status = json.loads(run.out)
    assert status["roots"][0]["path"] == str(stdlib_index.root)
    assert status["files"] >= 30 and status["snippets"] > 10 * status["files"]
    assert status["languages"]["python"] > 0.95 * status["snippets"]  # .rst files are text
    assert len(status["model"]["fingerprint"]) == 64
    assert status["last_indexed_at"] is not None
    assert status["roots"][0]["state"] == "present"
    text = run_kenning(["status", "--db", stdlib_index.db])
    assert str(stdlib_index.root) in text.out and "snippets:" in text.out


def test_status_says_which_folders_are_missing_or_empty(tmp_path: Path) -> None:
    """An unmounted drive: its folder gone, then an empty mount point; the index kept."""
    drive, db = tmp_path / "drive", tmp_path / "i.db"
    drive.mkdir()
    (drive / "cart.py").write_text("def add_item(cart, item):\n    cart.append(item)\n")
    assert run_kenning(["index", drive, "--db", db]).code == 0

    def state() -> tuple[str, str]:
        roots = json.loads(run_kenning(["status", "--json", "--db", db]).out)["roots"]
        line = next(x for x in run_kenning(["status", "--db", db]).out.splitlines()
                    if x.startswith("root:"))
        return roots[0]["state"], line

    drive.rename(tmp_path / "unmounted")
    missing, line = state()
    assert missing == "missing" and line.endswith("; missing now, its index kept)")
    drive.mkdir()
    empty, line = state()
    assert empty == "empty" and line.endswith("; empty now, its index kept)")
    run = run_kenning(["index", drive, "--db", db])
    assert run.code == 0 and "is empty (an unmounted drive?)" in run.out + run.err
    assert json.loads(run_kenning(["status", "--json", "--db", db]).out)["files"] == 1


def test_status_names_a_relative_index_and_model_by_their_absolute_paths(
        stdlib_index: IndexedTree) -> None:
    relative = os.path.relpath(stdlib_index.db, REPO)  # the CLI runs in REPO
    model = current_default_model().resolve()
    relative_model = os.path.relpath(model, REPO)
    assert not os.path.isabs(relative) and not os.path.isabs(relative_model)
    args = ["--db", relative, "--model", relative_model]
    text = run_kenning(["status", *args])
    assert text.code == 0, text.err
    assert text.out.splitlines()[0] == f"index:     {stdlib_index.db.resolve()}"
    assert f"model file: {model}" in text.out.splitlines()
    as_json = json.loads(run_kenning(["status", "--json", *args]).out)
    assert as_json["db"] == str(stdlib_index.db.resolve())
    assert as_json["model"]["path"] == str(model)


def test_embed_prints_the_normalized_raw_vector() -> None:
    run = run_kenning(["embed", "open a file and read lines", "--json"])
    assert run.code == 0, run.err
    payload = json.loads(run.out)
    vector = payload["embedding"]
    assert payload["dim"] == len(vector) == 384
    assert abs(sum(x * x for x in vector) - 1.0) < 1e-3


def test_human_output_is_ripgrep_like(stdlib_index: IndexedTree) -> None:
    run = run_kenning(["search", "make a unique message id", "-k", "2",
                       "--db", stdlib_index.db])
    assert run.code == 0, run.err
    first = run.out.splitlines()[0]
    assert ":" in first and "\x1b[" not in first  # no colour when not a terminal
    assert "email/utils.py:" in run.out


def test_cli_does_not_import_qt_or_the_model() -> None:
    code = ("import sys; import app.cli.main as m; m.build_parser(); "
            "bad = [n for n in sys.modules if n.startswith(('PySide6', 'llama_cpp', 'apsw'))];"
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    assert out.strip() == "[]"


def test_index_json_lines(tmp_path: Path) -> None:
    """`kenning index --json`: only JSON on stdout, progress through both phases, then
    the summary; `--workers` without `--ray` is a usage mistake, said in one line."""
    src = tmp_path / "src"
    src.mkdir()
    for i in range(3):
        (src / f"m{i}.py").write_text(f"def f{i}(x):\n    return x + {i}\n")
    run = run_kenning(["index", src, "--db", tmp_path / "i.db", "--json"])
    assert run.code == 0, run.err
    events = run.json_lines()
    progress = [e for e in events if e["event"] == "progress"]
    assert progress and progress[-1]["embed_total"] == 3 == progress[-1]["snippets"]
    assert all(e["workers"] == 0 for e in progress)
    assert events[-1] == {**events[-1], "event": "done", "files_indexed": 3,
                          "snippets_embedded": 3, "cancelled": False}
    run = run_kenning(["index", src, "--db", tmp_path / "i.db", "--workers", "2"])
    assert run.code == 1 and "--workers goes with --ray" in _one_clear_line(run.err)


def test_a_query_that_is_not_utf8_still_gives_a_valid_json_line(
        stdlib_index: IndexedTree) -> None:
    """argv bytes that are not UTF-8 reach Python as surrogates; echoed as they are,
    they made the `--json` line invalid UTF-8."""
    run = run_kenning(["search", "pars\udcffe", "--json", "-k", "1", "--db", stdlib_index.db])
    assert run.code == 0, run.err
    assert json.loads(run.out)["query"] == "pars\ufffde"


def test_negative_context_lines_are_a_usage_error(tmp_path: Path) -> None:
    run = run_kenning(["search", "x", "-C", "-1", "--db", tmp_path / "index.db"])
    assert run.code == 2 and "must be at least 0" in run.err
