"""`kenning bias train --from-index`: a personal matrix from the user's own documented code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import IndexedTree, run_kenning


def test_personal_matrix_is_validated_installed_and_rolled_back(
        stdlib_index: IndexedTree, tmp_path: Path) -> None:
    env = {"KENNING_DATA_DIR": str(tmp_path / "data"), "KENNING_CACHE_DIR": str(tmp_path)}
    run = run_kenning(["bias", "train", "--from-index", "--epochs", "3", "--db",
                       stdlib_index.db], env=env)
    assert run.code == 0, run.err
    # Either way the verdict must follow the measured figures, and the state must match
    # the verdict: installed and rolled back, or left alone with nothing to roll back.
    found = re.search(r"held-out MRR (\d\.\d+) → (\d\.\d+); (installed|not installed)",
                      run.out)
    assert found, run.out
    before, after, verdict = float(found[1]), float(found[2]), found[3]
    installed = verdict == "installed"
    assert installed == (after > before)
    status = json.loads(run_kenning(["bias", "status", "--json"], env=env).out)
    assert status["origin"] == ("personal" if installed else "shipped")
    back = run_kenning(["bias", "rollback"], env=env)
    if installed:
        card = status["card"]
        assert card["validation_mrr_after"] > card["validation_mrr_before"]
        assert back.code == 0 and "shipped one applies again" in back.out
    else:
        assert back.code == 1 and "nothing to roll back" in back.err
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
