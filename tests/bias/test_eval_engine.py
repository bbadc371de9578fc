"""`kenning bias eval` indexes its folders whatever a repository's .gitignore says."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.bias.evaluate import EvalQuery, EvalSet, evaluate_set
from app.core.bias.pipeline import eval_engine
from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode

CODE = '''
def human_size(count):
    for unit in ("B", "KiB", "MiB", "GiB"):
        if count < 1024:
            return f"{count:.1f} {unit}"
        count /= 1024
    return f"{count:.1f} TiB"
'''
LEXICAL = (("lexical", Mode.LEXICAL, False),)


def test_an_evaluation_folder_under_an_ignored_build_folder_is_indexed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".gitignore").write_text("build/\n")  # as in Kenning's own checkout
    corpus = repo / "build" / "bias-data" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "sizes.py").write_text(CODE)
    monkeypatch.chdir(repo)  # `make bias-matrix` passes --data build/bias-data
    corpus = corpus.relative_to(repo)
    eval_set = EvalSet("held-out", corpus, [EvalQuery("human size", corpus / "sizes.py", 3)])

    plain = Engine(EngineConfig(db_path=tmp_path / "plain.db"))
    assert evaluate_set(plain, eval_set, LEXICAL)["lexical"].mrr == 0.0  # what the bug did
    engine = eval_engine(EngineConfig(), tmp_path / "eval.db", print)
    assert evaluate_set(engine, eval_set, LEXICAL)["lexical"].mrr == 1.0
