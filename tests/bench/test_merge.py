"""`kenning bench --only SECTION` into an existing report: the other sections are kept."""

from __future__ import annotations

from app.bench.merge import merge
from app.bench.report import Section, Target, render

MACHINE = [("CPU", "test")]


def _section(key: str, title: str, figure: str, met: bool) -> Section:
    section = Section(key, title, [f"figure {figure}"],
                      [Target(f"{key} target", "≤ 1", figure, met)])
    section.load = "1.00"
    return section


def test_a_partial_run_replaces_only_its_sections_and_rows() -> None:
    old = [_section("a", "1. First", "old-a", True), _section("b", "2. Second", "old-b", False)]
    full = render("T", "kenning bench", MACHINE, old, 60, ["Profile `full`."])
    again = [_section("b", "2. Second", "new-b", True)]
    partial = render("T", "kenning bench --only b", MACHINE, again, 6, ["Profile `full`."])
    merged = merge(full, partial, again, "Sections 2 re-run by `kenning bench --only b`.")
    assert "Command: `kenning bench`" in merged and "--only b`  " not in merged
    assert "figure old-a" in merged and "| a target | ≤ 1 | old-a | met |" in merged
    assert "figure new-b" in merged and "old-b" not in merged
    assert "| b target | ≤ 1 | new-b | met |" in merged
    assert merged.index("## 2. Second") < merged.index("## Notes")
    assert merged.rstrip().endswith("Sections 2 re-run by `kenning bench --only b`.")


def test_a_new_section_goes_before_the_notes_with_its_targets() -> None:
    old = [_section("a", "1. First", "old-a", True)]
    full = render("T", "kenning bench", MACHINE, old, 60, ["Profile `full`."])
    new = [_section("c", "7. Cluster", "new-c", False)]
    partial = render("T", "kenning bench --only c", MACHINE, new, 6, [])
    merged = merge(full, partial, new, "note")
    assert merged.index("## 1. First") < merged.index("## 7. Cluster") < merged.index("## Notes")
    targets = merged[merged.index("## Targets"):merged.index("## 1. First")]
    assert "| a target |" in targets and "| c target | ≤ 1 | new-c | **not met** |" in targets


def test_a_partial_run_on_another_processor_says_so() -> None:
    old = [_section("a", "1. First", "old-a", True)]
    full = render("T", "kenning bench", [("CPU", "Intel Xeon, 2 usable cores")], old, 60, [])
    again = [_section("a", "1. First", "new-a", True)]
    elsewhere = render("T", "kenning bench --only a", [("CPU", "AMD EPYC, 2 usable cores")],
                       again, 6, [])
    merged = merge(full, elsewhere, again, "Section 1 re-run.")
    assert "- CPU: Intel Xeon, 2 usable cores" in merged  # the full run's machine section
    assert merged.rstrip().endswith(
        "Section 1 re-run. They were measured on another machine (AMD EPYC, 2 usable cores) "
        "than the rest of this report (Intel Xeon, 2 usable cores, the machine section above):"
        " compare them with each other, not with the other sections.")
    same = render("T", "kenning bench --only a", [("CPU", "Intel Xeon, 2 usable cores")],
                  again, 6, [])
    assert merge(full, same, again, "Section 1 re-run.").rstrip().endswith("Section 1 re-run.")
