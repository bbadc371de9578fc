"""The evaluation's metrics and report (app/quality): scores, intervals, the target table."""

from __future__ import annotations

import pytest

from app.quality.evaluate import CONFIGURATIONS, HAND_SET_VARIANT, Outcome
from app.quality.judgments import Judgment, Relevant
from app.quality.metrics import Hit, Scores, paired_interval, score
from app.quality.report import render


def _judgment(qid: str, kind: str = "behaviour", project: str = "p") -> Judgment:
    return Judgment(qid, project, kind, f"query {qid}",
                    (Relevant("a.py", 10, 20, 2), Relevant("b.py", 1, 5, 1)))


def test_score_credits_each_span_once_and_finds_the_first_answer() -> None:
    j = _judgment("q1")
    hits = [Hit("c.py", 1, 9), Hit("a.py", 15, 30), Hit("a.py", 11, 12), Hit("b.py", 5, 8)]
    s = score(j, hits)
    assert s.reciprocal_rank == pytest.approx(0.5)
    assert s.at_1 == 0.0 and s.at_10 == 1.0
    # gains 0, 3, 0 (a.py already credited), 1 against the ideal 3, 1
    ideal = 3 + 1 / 1.5849625007211563
    assert s.ndcg == pytest.approx((3 / 1.5849625007211563 + 1 / 2.321928094887362) / ideal)


def test_paired_interval_holds_the_mean_difference_and_is_repeatable() -> None:
    first = [1.0, 0.5, 0.0, 1.0, 0.8, 0.2, 0.6, 0.9]
    second = [0.5, 0.5, 0.0, 0.2, 0.8, 0.6, 0.1, 0.9]
    low, high = paired_interval(first, second)
    mean = (sum(first) - sum(second)) / len(first)
    assert low < mean < high
    assert (low, high) == paired_interval(first, second)
    assert paired_interval(first, first) == (0.0, 0.0)
    with pytest.raises(ValueError):
        paired_interval(first, second[:3])


def _outcomes(default: float, rival: float) -> list[Outcome]:
    """Two queries of each kind in one language; the default and hybrid raw score as given."""
    out = []
    for qid, kind in enumerate(("symbol", "symbol", "behaviour", "behaviour",
                                "architecture", "architecture")):
        j = _judgment(str(qid), kind)
        for name, _, _ in CONFIGURATIONS:
            value = default if name == "default" else rival if name == "hybrid raw" else 0.0
            out.append(Outcome(j, "python", "test", name, Scores(value, value, 0, 0, value)))
    return out


def test_the_target_table_says_met_or_not_with_the_rival_named() -> None:
    met = render(_outcomes(0.795, 0.8), "cmd")
    language_row = next(line for line in met.splitlines() if line.startswith("| python (6)"))
    assert "hybrid raw 0.800" in language_row and "-0.005" in language_row
    assert language_row.endswith("| yes |")  # within 0.01 of the best raw configuration
    kind_row = next(line for line in met.splitlines() if line.startswith("| symbol (2)"))
    assert kind_row.endswith("| no |")  # a kind must be the best configuration

    missed = render(_outcomes(0.7, 0.8), "cmd")
    language_row = next(line for line in missed.splitlines() if line.startswith("| python (6)"))
    assert "-0.100" in language_row and language_row.endswith("| no |")


def test_a_run_without_some_kinds_still_renders() -> None:
    """`python -m app.quality --project X` on a project whose queries are of one kind."""
    only_symbols = [o for o in _outcomes(0.9, 0.8) if o.judgment.kind == "symbol"]
    variant = [Outcome(o.judgment, o.language, o.split, "no path words", o.scores)
               for o in only_symbols if o.configuration == "default"]
    block = render([*only_symbols, *variant], "cmd")
    assert "| symbol (2) |" in block and "behaviour" not in block
    assert "| no path words | 0.900 | +0.000 | 0.900 |" in block


def test_the_dev_block_reports_the_learned_orders_blind_check_apart() -> None:
    dev = [Outcome(o.judgment, o.language, "dev", o.configuration, o.scores)
           for o in _outcomes(0.75, 0.7)]
    unseen = [Outcome(_judgment("9", project="held"), "python", "dev", name,
                      Scores(value, value, 0, 0, value))
              for name, value in (("default", 0.5), ("hybrid raw", 0.4),
                                  (HAND_SET_VARIANT, 0.45))] + [
        Outcome(_judgment("9", project="held"), "python", "dev", name, Scores(0, 0, 0, 0, 0))
        for name, _, _ in CONFIGURATIONS if name not in ("default", "hybrid raw")]
    hand_set = [Outcome(o.judgment, o.language, "dev", HAND_SET_VARIANT, o.scores)
                for o in dev if o.configuration == "default"]
    block = render([*dev, *hand_set, *unseen], "cmd", unseen={"held"})
    line = next(x for x in block.splitlines() if x.startswith("The learned order's blind"))
    assert "`learn = false`: held; 1 queries" in line
    # the held project's figures alone, not the split's; the hand-set order's when measured
    assert f"default 0.500, hybrid raw 0.400, {HAND_SET_VARIANT} 0.450" in line
    assert "blind check" not in render([*dev, *hand_set, *unseen], "cmd")
