"""A partial bench run (`kenning bench --only SECTION`) written into the full report.

The sections run replace their namesakes (or are added before the notes),
their targets replace the rows of the same name in the targets table, and a
note says which sections come from which command: the figures of the other
sections stay those of the run that measured them. When the partial run's
processor is not the one the report's machine section names, the note says
that too (6 Dec: a partial run on a new machine kept the old machine's header).
"""

from __future__ import annotations

from collections.abc import Sequence

from app.bench.report import Section, verdict

MACHINE = "## Machine"
TARGETS = "## Targets"
NOTES = "## Notes"


def _blocks(text: str) -> list[list[str]]:
    """The report cut before each `## ` heading (the first block: the title and intro)."""
    blocks: list[list[str]] = [[]]
    for line in text.rstrip("\n").split("\n"):
        if line.startswith("## "):
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def merge(previous: str, partial: str, sections: Sequence[Section], note: str) -> str:
    """`previous` with the `sections` of `partial` (a report of those sections only)."""
    fresh = {block[0]: block for block in _blocks(partial)[1:]}
    blocks = _blocks(previous)
    headings = [block[0] for block in blocks]
    for section in sections:
        heading = f"## {section.title}"
        if heading not in fresh:
            continue
        if heading in headings:
            blocks[headings.index(heading)] = fresh[heading]
        else:
            at = headings.index(NOTES) if NOTES in headings else len(blocks)
            blocks.insert(at, fresh[heading])
            headings.insert(at, heading)
    if TARGETS in headings:
        blocks[headings.index(TARGETS)] = _targets(blocks[headings.index(TARGETS)], sections)
    if NOTES not in headings:
        blocks.append([NOTES, ""])
    notes = blocks[[b[0] for b in blocks].index(NOTES)]
    while notes and not notes[-1].strip():
        notes.pop()
    machine = blocks[headings.index(MACHINE)] if MACHINE in headings else []
    notes += ["", note + _other_machine(machine, fresh.get(MACHINE, [])), ""]
    return "\n".join(line for block in blocks for line in block).rstrip() + "\n"


def _cpu(machine: list[str]) -> str | None:
    """The processor a report's machine section names (its `- CPU: ...` line)."""
    return next((line[len("- CPU: "):] for line in machine if line.startswith("- CPU: ")), None)


def _other_machine(previous: list[str], partial: list[str]) -> str:
    """A sentence when the partial run's processor (its machine section) is not the
    report's: figures of two machines side by side must say so (the machine section
    describes the full run)."""
    before, now = _cpu(previous), _cpu(partial)
    if before is None or now is None or before == now:
        return ""
    return (f" They were measured on another machine ({now}) than the rest of this report "
            f"({before}, the machine section above): compare them with each other, not "
            "with the other sections.")


def _targets(block: list[str], sections: Sequence[Section]) -> list[str]:
    rows = {f"| {t.name} |": f"| {t.name} | {t.goal} | {t.measured} | {verdict(t.met)} |"
            for section in sections for t in section.targets}
    out, last_row = [], None
    for line in block:
        key = next((k for k in rows if line.startswith(k)), None)
        out.append(rows.pop(key) if key else line)
        if line.startswith("|"):
            last_row = len(out)
    if rows and last_row is not None:
        out[last_row:last_row] = list(rows.values())
    return out
