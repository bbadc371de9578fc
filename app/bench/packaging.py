"""Section 6: the installable app — size and start-up, PyInstaller vs pyside6-deploy.

The contenders are the self-contained Linux builds, used as a user uses them:
- PyInstaller one-folder: the archive `make dist` writes, unpacked here;
- pyside6-deploy (Nuitka, standalone): the folder `make dist-nuitka` writes, packed
  here the way `make dist` packs (tar + gzip) so the two archives compare;
- the development venv (`kenning` as `make setup` installs it), for reference.
Each indexes the demo folder once (so every build is checked to work), then, round
by round in rotating order: `kenning --version`; the window started offscreen until
its socket answers; a `kenning search` on its demo index (loads the model).
A build that is missing is reported as such, with the command that makes it.
"""

from __future__ import annotations

import statistics
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.bench.context import BenchContext
from app.bench.report import Section
from app.bench.startup import QUERY, REPO, isolated_env, kenning_command, terminate, wait_listening
from app.bench.timing import LoadWindow, interleaved, paired_ratio

ARCHIVE = REPO / "dist" / f"kenning-{__version__}-linux-x86_64.tar.gz"
NUITKA_APP = REPO / "build" / "nuitka-app" / "kenning.dist"
DEMO = REPO / "resources" / "demo"


@dataclass
class Build:
    name: str
    how: str  # the command that makes it
    command: list[str] | None = None  # the `kenning` it runs; None: not built
    archive_bytes: int | None = None
    unpacked_bytes: int | None = None
    db: Path | None = None
    env: dict[str, str] | None = None
    failed: str | None = None  # why it could not index the demo folder


def run(ctx: BenchContext) -> Section:
    section = Section("packaging", "6. The installable app: size and start-up")
    work = ctx.workdir / "packaging"
    builds = [_pyinstaller(work), _nuitka(work),
              Build("development venv", "make setup", kenning_command())]
    for build in builds:
        if build.command is not None:
            _index_demo(build, work)
    ready = [b for b in builds if b.command is not None and b.failed is None]
    load = LoadWindow()
    runs = ctx.profile.startup_runs
    figures = {
        what: interleaved({b.name: (lambda b=b, measure=measure: measure(b)) for b in ready},
                          runs, load)
        for what, measure in (("version", _version), ("window", _window), ("search", _search))}
    section.load = load.describe()
    section.add(f"Medians of {runs} rounds; within a round the builds run in rotating order. "
                "Archive: tar + gzip of the app folder (as `make dist` packs it). "
                "Ratios: per-round, against PyInstaller.", "")
    section.table(["build", *(b.name for b in builds)], _rows(builds, figures))
    section.add(*(f"{b.name}: not built here (`{b.how}`)" for b in builds if b.command is None))
    section.add(*(f"{b.name}: **failed**: {b.failed}" for b in builds if b.failed))
    return section


def _rows(builds: list[Build], figures: dict[str, dict[str, list[float]]]) -> list[list[str]]:
    def size(value: int | None) -> str:
        return f"{value / 2**20:.0f} MiB" if value else "n/a"

    rows = [["made by", *(f"`{b.how}`" for b in builds)],
            ["archive (.tar.gz)", *(size(b.archive_bytes) for b in builds)],
            ["unpacked", *(size(b.unpacked_bytes) for b in builds)]]
    labels = {"version": "`kenning --version`", "window": "window up (offscreen, socket answers)",
              "search": "`kenning search` on the demo index (loads the model)"}
    base = builds[0].name if figures["version"].get(builds[0].name) else None
    for what, label in labels.items():
        row = [label]
        for b in builds:
            times = figures[what].get(b.name)
            if not times:
                row.append("n/a")
                continue
            cell = f"{statistics.median(times) * 1000:.0f} ms"
            if base and b.name != base:
                cell += f" ({paired_ratio(times, figures[what][base]):.2f}×)"
            row.append(cell)
        rows.append(row)
    return rows


def _pyinstaller(work: Path) -> Build:
    build = Build("PyInstaller (shipped)", "make dist")
    if not ARCHIVE.exists():
        return build
    target = work / "pyinstaller"
    target.mkdir(parents=True)
    with tarfile.open(ARCHIVE) as archive:
        archive.extractall(target, filter="tar")
    app = next(target.iterdir()) / "app"
    build.command = [str(app / "kenning")]
    build.archive_bytes = ARCHIVE.stat().st_size
    build.unpacked_bytes = _du(app)
    return build


def _nuitka(work: Path) -> Build:
    build = Build("pyside6-deploy (Nuitka)", "make dist-nuitka")
    if not (NUITKA_APP / "kenning.bin").exists():
        return build
    work.mkdir(parents=True, exist_ok=True)
    archive = work / "kenning-nuitka.tar.gz"
    subprocess.run(["tar", "-C", str(NUITKA_APP.parent), "-czf", str(archive), NUITKA_APP.name],
                   check=True)
    build.command = [str(NUITKA_APP / "kenning.bin")]
    build.archive_bytes = archive.stat().st_size
    build.unpacked_bytes = _du(NUITKA_APP)
    return build


def _du(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _index_demo(build: Build, work: Path) -> None:
    """Each build indexes the demo folder with its own model, into its own home; a
    build that cannot is reported as failed, and the others are still measured."""
    slug = "".join(c if c.isalnum() else "-" for c in build.name.lower())
    build.env = isolated_env(work / "home" / slug)
    build.db = work / f"{slug}.db"
    proc = subprocess.run([*build.command, "index", str(DEMO), "--db", str(build.db)],
                          env=build.env, capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        build.failed = f"`kenning index` said: {proc.stderr.strip()[-300:]}"


def _timed(build: Build, *args: str) -> float:
    start = time.perf_counter()
    proc = subprocess.run([*build.command, *args], env=build.env, capture_output=True,
                          text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{build.name}: kenning {args[0]} failed: {proc.stderr[-500:]}")
    return elapsed


def _version(build: Build) -> float:
    return _timed(build, "--version")


def _search(build: Build) -> float:
    return _timed(build, "search", QUERY, "--db", str(build.db), "--json")


def _window(build: Build) -> float:
    env = {**build.env, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    app = subprocess.Popen([*build.command, "gui", "--db", str(build.db)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(build.db, env, app, poll=0.01)
        return time.perf_counter() - start
    finally:
        terminate(app)
