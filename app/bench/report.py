"""What a bench section returns, and the Markdown report made of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Target:
    name: str
    goal: str
    measured: str
    met: bool | None  # None: not measured in this run


@dataclass
class Section:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    load: str = "n/a"
    seconds: float = 0.0

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append("|" + "|".join(" --- " for _ in header) + "|")
        for row in rows:
            self.lines.append("| " + " | ".join(str(cell) for cell in row) + " |")
        self.lines.append("")


# The analysis of the targets not met, kept beside the report (the report is rewritten
# by every run; the analysis is not).
LIMITS = "BENCHMARKS-limits.md"


def verdict(met: bool | None) -> str:
    return {True: "met", False: "**not met**", None: "not measured"}[met]


def render(title: str, command: str, machine: Sequence[tuple[str, str]],
           sections: Sequence[Section], total_seconds: float, notes: Sequence[str]) -> str:
    out = [f"# {title}", "",
           "Written by `kenning bench`; every figure below was measured in the run that wrote "
           "this file, on the machine described, with Kenning and its peers interleaved "
           "round by round (medians, and medians of per-round ratios).", "",
           f"Command: `{command}`  ", f"Wall time of the whole run: {total_seconds / 60:.1f} min",
           "", "## Machine", ""]
    out += [f"- {key}: {value}" for key, value in machine]
    out += ["", "## Targets", "", "| target | goal | measured | verdict |",
            "| --- | --- | --- | --- |"]
    for section in sections:
        out += [f"| {t.name} | {t.goal} | {t.measured} | {verdict(t.met)} |"
                for t in section.targets]
    if any(t.met is False for section in sections for t in section.targets):
        out += ["", f"For each target not met: what limits it and what was tried, in "
                f"[{LIMITS}]({LIMITS}) (written by hand from these figures)."]
    out.append("")
    for section in sections:
        out += [f"## {section.title}", "",
                f"_Load average while measuring: {section.load}; section took "
                f"{section.seconds:.0f} s._", "", *section.lines, ""]
    if notes:
        out += ["## Notes", "", *notes, ""]
    return "\n".join(out).rstrip() + "\n"
