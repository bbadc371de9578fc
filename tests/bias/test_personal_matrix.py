"""`kenning bias train --from-index`: a personal matrix from the user's own documented code."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import IndexedTree, run_kenning


def test_personal_matrix_is_validated_installed_and_rolled_back(
        stdlib_index: IndexedTree, tmp_path: Path) -> None:
    env = {"KENNING_DATA_DIR": str(tmp_path / "data"), "KENNING_CACHE_DIR": str(tmp_path)}
    run = run_kenning(["bias", "train", "--from-index", "--epochs", "3", "--db",
                       stdlib_index.db], env=env)
    assert run.code == 0, run.err
    assert "held-out MRR" in run.out
    installed = "installed" in run.out and "not installed" not in run.out
    status = json.loads(run_kenning(["bias", "status", "--json"], env=env).out)
    assert status["origin"] == ("personal" if installed else "shipped")
    if installed:
        card = status["card"]
        assert card["validation_mrr_after"] > card["validation_mrr_before"]
        back = run_kenning(["bias", "rollback"], env=env)
        assert back.code == 0 and "shipped one applies again" in back.out
        assert json.loads(run_kenning(["bias", "status", "--json"], env=env).out)[
            "origin"] == "shipped"


def test_too_little_documentation_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.py").write_text('def f(x):\n    """Double a number."""\n    return 2 * x\n')
    db = tmp_path / "i.db"
    assert run_kenning(["index", src, "--db", db]).code == 0
    run = run_kenning(["bias", "train", "--from-index", "--db", db],
                      env={"KENNING_DATA_DIR": str(tmp_path / "data")})
    assert run.code == 1 and "documented functions" in run.err and "Traceback" not in run.err
