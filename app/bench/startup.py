"""Section 5: start-up, memory, save-to-searchable and the quick-toggle.

- CLI search cold start: `kenning search` as a new process, until it exits,
  with no app running; and the same while the app runs on that index (the
  command asks it over its socket: app/cli/search_client.py).
- Window: the main window built as `kenning gui` builds it, in a child process
  (offscreen): exposed, then the first results of a typed query, and its RSS
  with the largest synthetic index of at most 100k snippets open.
- Save-to-searchable: app/core/watching/latency.py (a one-file edit under
  `WatchService`, found by a search on a separate read-only connection).
- `kenning quick` toggle: app/gui/quick_latency.py, with the app running on
  an Xvfb display (skipped, and said so, where Xvfb is not installed).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app.bench.context import BenchContext
from app.bench.report import Section, Target
from app.bench.timing import LoadWindow
from app.core.bias.eval_sets import stdlib_queries

if TYPE_CHECKING:
    from app.core.watching.latency import LatencyReport

REPO = Path(__file__).resolve().parents[2]
QUERY = "parse a cookie header into a dict"
WINDOW = "Kenning"  # the main window's title
TARGET_RSS_MB = 500.0
TARGET_SAVE_S = 1.0
TARGET_QUICK_MS = 200.0
TARGET_SEARCH_COLD_MS = 800.0
TARGET_SEARCH_WARM_MS = 150.0
RSS_INDEX_SIZE = 100_000


def kenning_command() -> list[str]:
    """`kenning` as a user runs it (the installed script if any)."""
    script = Path(sys.executable).with_name("kenning")
    return [str(script)] if script.exists() else [sys.executable, "-m", "app"]


def isolated_env(home: Path) -> dict[str, str]:
    """Own settings, data and socket folders: the user's app and index stay untouched."""
    for name in ("config", "data", "run"):
        (home / name).mkdir(parents=True, exist_ok=True, mode=0o700)
    return {**os.environ, "KENNING_CONFIG_DIR": str(home / "config"),
            "KENNING_DATA_DIR": str(home / "data"), "XDG_RUNTIME_DIR": str(home / "run")}


def run(ctx: BenchContext) -> Section:
    section = Section("startup", "5. Start-up, memory, save-to-searchable, quick toggle")
    load = LoadWindow()
    env = isolated_env(ctx.workdir / "home")
    db = _largest_index(ctx)
    load.sample()
    cold, qt_loaded = _cli_search(ctx, db, env)
    load.sample()
    warm = _cli_with_app(ctx, db, env)
    load.sample()
    probes = [_probe(db, ctx.model_path, env) for _ in range(ctx.profile.startup_runs)]
    load.sample()
    save = _save_latency(ctx)
    load.sample()
    quick = _quick(ctx, env)
    load.sample()
    section.load = load.describe()

    visible = statistics.median(p["visible_s"] for p in probes)
    results = [p["results_s"] for p in probes if p["results_s"] is not None]
    rss = max(p["rss_mb"] for p in probes)
    n = _snippets(db)
    section.add(f"Index for these: {db.name} ({n:,} snippets). Medians of "
                f"{ctx.profile.startup_runs} runs each.", "")
    rows = [["`kenning search` cold start (new process until exit)", f"{cold * 1000:.0f} ms",
             f"Qt imported: {'yes' if qt_loaded else 'no'}"],
            ["`kenning search` while the app runs on the index (new process until exit)",
             f"{warm * 1000:.0f} ms", "asked over the app's socket: no model or index "
             "opened; after the app's first search, once its background builds are done"],
            ["main window exposed (offscreen, new process)", f"{visible * 1000:.0f} ms", ""],
            ["first results after typing a query in it", f"{statistics.median(results) * 1000:.0f}"
             " ms" if results else "n/a",
             "typed as soon as the window shows: waits for its warm-up (model, vectors)"],
            ["window RSS with the index open, after a search", f"{rss:.0f} MB",
             f"peak {max(p['peak_rss_mb'] for p in probes):.0f} MB"]]
    if save is not None:
        rows.append(["save → searchable (one-file edit, `kenning watch`), median",
                     f"{save.median * 1000:.0f} ms",
                     f"{save.median_after_quiet * 1000:.0f} ms after the "
                     f"{save.quiet_seconds * 1000:.0f} ms debounce; {len(save.samples)} edits"])
    if isinstance(quick, dict):
        rows.append(["`kenning quick` → popup shown, median", f"{quick['show']:.0f} ms",
                     f"hidden again: {quick['hide']:.0f} ms; {quick['runs']} toggles on Xvfb"])
    else:
        rows.append(["`kenning quick` → popup shown", "not measured", quick])
    section.table(["what", "time / size", "note"], rows)
    section.targets += [
        Target("`kenning search`, cold (median)", f"≤ {TARGET_SEARCH_COLD_MS:.0f} ms",
               f"{cold * 1000:.0f} ms", cold * 1000 <= TARGET_SEARCH_COLD_MS),
        Target("`kenning search` while the app runs (median)",
               f"≤ {TARGET_SEARCH_WARM_MS:.0f} ms", f"{warm * 1000:.0f} ms",
               warm * 1000 <= TARGET_SEARCH_WARM_MS),
        *_targets(n, rss, save, quick)]
    return section


def _targets(n: int, rss: float, save: LatencyReport | None,
             quick: dict[str, float] | str) -> list[Target]:
    shown = quick["show"] if isinstance(quick, dict) else None
    return [
        Target(f"App RSS with a {n:,}-snippet index open", f"≤ {TARGET_RSS_MB:.0f} MB",
               f"{rss:.0f} MB", rss <= TARGET_RSS_MB if n >= RSS_INDEX_SIZE else None),
        Target("Save → searchable, median after the debounce", f"≤ {TARGET_SAVE_S:.0f} s",
               f"{save.median_after_quiet:.2f} s" if save else "n/a",
               None if save is None else save.median_after_quiet <= TARGET_SAVE_S),
        Target("`kenning quick` toggle, median", f"≤ {TARGET_QUICK_MS:.0f} ms",
               f"{shown:.0f} ms" if shown is not None else str(quick),
               None if shown is None else shown <= TARGET_QUICK_MS),
    ]


def _largest_index(ctx: BenchContext) -> Path:
    """The synthetic index at its largest size ≤ 100k (copied when it grew past that)."""
    sizes = [n for n in ctx.profile.scales if n <= RSS_INDEX_SIZE]
    snapshot = ctx.workdir / "app-index.db"
    if snapshot.exists():
        return snapshot
    if sizes:
        from app.bench.queries import grow_synthetic

        grow_synthetic(ctx, snapshot, max(sizes))
        return snapshot
    return ctx.index_db or ctx.workdir / "stdlib.db"


def _snippets(db: Path) -> int:
    from app.core.store.store import Store

    with Store(db, readonly=True) as store:
        return store.chunk_count()


def _cli_search(ctx: BenchContext, db: Path, env: dict[str, str]) -> tuple[float, bool]:
    """Median seconds of `kenning search` (the first run, which also lists its imports,
    left out), and whether it imported Qt."""
    times = []
    qt = False
    # A new query each run: a running app keeps recent query vectors (query_vectors.py).
    queries = [QUERY, *(q for q, _, _ in stdlib_queries())]
    for i in range(ctx.profile.startup_runs):
        start = time.perf_counter()
        proc = subprocess.run([*kenning_command(), "search", queries[i % len(queries)], "--db",
                               str(db), "--model",
                               str(ctx.model_path), "--json"], env={**env, **(
                                   {"PYTHONPROFILEIMPORTTIME": "1"} if i == 0 else {})},
                              capture_output=True, text=True, timeout=300)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"kenning search failed: {proc.stderr[-500:]}")
        if i == 0:
            qt = "PySide6" in proc.stderr
        else:
            times.append(elapsed)
    return statistics.median(times or [elapsed]), qt


def _cli_with_app(ctx: BenchContext, db: Path, env: dict[str, str]) -> float:
    """`kenning search` while the app runs on `db` (offscreen, started for this)."""
    app = subprocess.Popen([*kenning_command(), "gui", "--minimized", "--db", str(db),
                            "--model", str(ctx.model_path)],
                           env={**env, "QT_QPA_PLATFORM": "offscreen"},
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_listening(db, env, app)
        # The app's warm-up search loads the model and the vector index and starts the
        # in-memory builds (section 3); searches while those run share the 2 cores
        # with them. What is timed is the app at rest, as it is once it has run a while.
        subprocess.run([*kenning_command(), "search", QUERY, "--db", str(db), "--model",
                        str(ctx.model_path), "--json"], env=env, capture_output=True,
                       timeout=300)
        wait_idle(app.pid)
        return _cli_search(ctx, db, env)[0]
    finally:
        terminate(app)


def wait_idle(pid: int, quiet_s: float = 0.5, timeout_s: float = 120.0) -> None:
    """Until process `pid` has used under a tenth of a core for `quiet_s` (Linux: its
    CPU time in /proc; elsewhere no wait)."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return
    tick = os.sysconf("SC_CLK_TCK")

    def cpu_s() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    deadline = time.monotonic() + timeout_s
    before = cpu_s()
    while time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = cpu_s()
        if now - before < 0.1 * quiet_s:
            return
        before = now


def _probe(db: Path, model: Path, env: dict[str, str]) -> dict[str, float]:
    proc = subprocess.run([sys.executable, "-m", "app.bench.gui_probe", str(db), str(model),
                           QUERY, repr(time.time())],
                          env={**env, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True,
                          text=True, timeout=300, cwd=REPO)
    if proc.returncode != 0:
        raise RuntimeError(f"the window probe failed: {proc.stderr[-800:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _save_latency(ctx: BenchContext) -> LatencyReport:
    from app.core.watching.latency import measure_save_latency

    return measure_save_latency(ctx.workdir / "watch", edits=ctx.profile.watch_edits,
                                model_path=ctx.model_path)


def _quick(ctx: BenchContext, env: dict[str, str]) -> dict[str, float] | str:
    """Median show/hide times of `kenning quick`, or why they were not measured."""
    missing = [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
    if missing:
        return f"{' and '.join(missing)} not installed (apt-get install xvfb xdotool)"
    try:
        from app.gui.quick_latency import measure_quick_toggle
        from app.gui.xvfb import virtual_display
    except ImportError as exc:
        return f"the quick-toggle measurement is not available ({exc})"
    db = ctx.workdir / "quick.db"
    shutil.copy(ctx.index_db or _largest_index(ctx), db)
    with virtual_display() as display:
        desktop = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        app = subprocess.Popen([*kenning_command(), "gui", "--db", str(db), "--model",
                                str(ctx.model_path)], env=desktop, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        try:
            wait_listening(db, desktop, app)
            _wait_window(desktop, app)
            latency = measure_quick_toggle(runs=ctx.profile.quick_runs,
                                           command=[*kenning_command(), "quick", "--db",
                                                    str(db)], env=desktop)
        finally:
            terminate(app)
    return {"show": latency.median_show_ms, "hide": statistics.median(latency.hide_ms),
            "runs": len(latency.show_ms)}


def terminate(app: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as a session ending would; killed if it has not ended in 30 s."""
    app.send_signal(signal.SIGTERM)
    try:
        app.wait(30)
    except subprocess.TimeoutExpired:
        app.kill()
        app.wait()


def wait_listening(db: Path, env: dict[str, str], app: subprocess.Popen[bytes],
                   poll: float = 0.1) -> None:
    """Until the app answers on its socket (a `kenning quick` before that would start another)."""
    from app.core import instance

    saved = {k: os.environ.get(k) for k in ("KENNING_CONFIG_DIR", "XDG_RUNTIME_DIR")}
    os.environ.update({k: env[k] for k in saved})
    try:
        from app.core.settings import config_dir

        address = instance.server_address(config_dir(), db)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    deadline = time.monotonic() + 180
    while not instance.answers(address):
        if app.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(poll)


def _wait_window(env: dict[str, str], app: subprocess.Popen[bytes]) -> None:
    """Until the main window is mapped: the measurement takes the next window mapped
    for the popup, so the main window must not come up during it."""
    deadline = time.monotonic() + 180
    while not subprocess.run(["xdotool", "search", "--onlyvisible", "--name", f"^{WINDOW}$"],
                             env=env, capture_output=True).stdout.strip():
        if app.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the main window did not come up on Xvfb")
        time.sleep(0.1)
