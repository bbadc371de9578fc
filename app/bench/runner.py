"""`kenning bench`: run the sections, write the report and the plot."""

from __future__ import annotations

import shlex
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.bench import machine
from app.bench.context import PROFILES, BenchContext
from app.bench.engines import peer_missing
from app.bench.merge import merge
from app.bench.report import Section, render
from app.bench.timing import load_average

SECTIONS = ("embedding", "index", "queries", "growth", "startup", "packaging", "cluster")
TITLE = "Kenning benchmarks"


def default_report() -> Path:
    """Where the report goes without `--out`: the checkout's docs/BENCHMARKS.md when
    Kenning runs from its source tree (wherever the command is started), else
    BENCHMARKS.md in the current folder."""
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "docs").is_dir():
        return checkout / "docs" / "BENCHMARKS.md"
    return Path.cwd() / "BENCHMARKS.md"


@dataclass
class Options:
    profile: str = "full"
    out: Path = field(default_factory=default_report)
    only: tuple[str, ...] = ()
    extra_pythons: list[tuple[str, str]] = field(default_factory=list)
    command: str = ""


def run(options: Options, say: Callable[[str], None] = print) -> int:
    """Run the chosen sections; 0 if every one of them ran (targets met or not)."""
    from app.core.model.provision import ensure_default_model

    started = time.monotonic()
    say(f"kenning bench: the report goes to {options.out.absolute()}")
    missing = peer_missing()
    if missing:
        say(f"kenning bench: {missing}. The peer's figures will be missing from the report.")
    wanted = options.only or SECTIONS
    png = options.out.with_name("bench-growth.png")
    sections: list[Section] = []
    failed = False
    host = machine.describe()
    with tempfile.TemporaryDirectory(prefix="kenning-bench-") as tmp:
        ctx = BenchContext(PROFILES[options.profile], Path(tmp), ensure_default_model(say))
        steps = _steps(ctx, options, png)
        for name in SECTIONS:
            if name not in wanted:
                continue
            say(f"kenning bench: {name} (load {load_average():.2f})…")
            began = time.monotonic()
            try:
                section = steps[name]()
            except Exception as exc:  # a broken section must not lose the others
                failed = True
                section = Section(name, f"{name}: failed",
                                  [f"This section failed: `{exc.__class__.__name__}: {exc}`", "",
                                   "```", traceback.format_exc(limit=6).strip(), "```"])
                say(f"kenning bench: {name} failed: {exc}")
            section.seconds = time.monotonic() - began
            sections.append(section)
    total = time.monotonic() - started
    notes = [f"Profile `{options.profile}`. Sections run: {', '.join(s.key for s in sections)}."]
    report = render(TITLE, options.command, host, sections, total, notes)
    if options.only and options.out.is_file():  # the other sections' figures are kept
        numbers = ", ".join(s.title.split(".")[0] for s in sections)
        noun, their = ("Sections", "their") if len(sections) > 1 else ("Section", "its")
        note = (f"{noun} {numbers} re-run by `{options.command}` on "
                f"{time.strftime('%Y-%m-%d %H:%M %Z')} ({total / 60:.1f} min): {their} figures "
                "come from that run, the others' from the command at the top.")
        report = merge(options.out.read_text("utf-8"), report, sections, note)
    options.out.parent.mkdir(parents=True, exist_ok=True)
    options.out.write_text(report, "utf-8")
    say(f"kenning bench: wrote {options.out.absolute()} in {total / 60:.1f} min")
    return 1 if failed else 0


def _steps(ctx: BenchContext, options: Options, png: Path) -> dict[str, Callable[[], Section]]:
    from app.bench import cluster, embedding, growth, indexing, packaging, queries, startup

    return {
        "embedding": lambda: embedding.run(ctx, options.extra_pythons),
        "index": lambda: indexing.run(ctx),
        "queries": lambda: queries.run(ctx),
        "growth": lambda: growth.run(ctx, png),
        "startup": lambda: startup.run(ctx),
        "packaging": lambda: packaging.run(ctx),
        "cluster": lambda: cluster.run(ctx),
    }


def command_line(argv: Sequence[str] | None = None) -> str:
    return "kenning " + shlex.join(sys.argv[1:] if argv is None else argv)
