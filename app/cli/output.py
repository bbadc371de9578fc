"""Human-readable output: ripgrep-like results, index summaries, status."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from app.core.indexing.progress import IndexReport
from app.core.search.request import SearchResponse, SearchResult

if TYPE_CHECKING:
    from app.core.engine import Status

PATH_COLOR = "\x1b[35m"
LINE_COLOR = "\x1b[32m"
SYMBOL_COLOR = "\x1b[1m"
DIM = "\x1b[2m"
RESET = "\x1b[0m"
SKIPS_SHOWN = 10


def use_color(choice: str, stream: TextIO) -> bool:
    """`--color auto` means: a terminal, and NO_COLOR not set."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def _paint(text: str, code: str, color: bool) -> str:
    return f"{code}{text}{RESET}" if color else text


def shown_path(path: str) -> str:
    """Relative to the working directory when under it, like ripgrep; else absolute."""
    try:
        return Path(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def _result_block(result: SearchResult, context: int, color: bool) -> str:
    where = _paint(f"{shown_path(result.path)}:{result.start_line}", PATH_COLOR, color)
    symbol = _paint(result.symbol, SYMBOL_COLOR, color) if result.symbol else ""
    part = ""
    if result.def_start is not None and result.def_end is not None and (
            (result.def_start, result.def_end) != (result.start_line, result.end_line)):
        part = f"part of {result.def_start}-{result.def_end} · "
    meta = _paint(f"{part}{result.kind} · {result.language} · {result.score:.2f}", DIM, color)
    lines = [f"{where}  {symbol}  {meta}".replace("    ", "  ")]
    body = result.text.splitlines()
    for offset, text in enumerate(body[:context]):
        number = _paint(f"{result.start_line + offset:>5}", LINE_COLOR, color)
        lines.append(f"{number}: {text}")
    if 0 < context < len(body):
        more = result.end_line - result.start_line + 1 - context
        lines.append(_paint(f"   … {more} more line{'s' if more > 1 else ''}", DIM, color))
    return "\n".join(lines)


def human_results(response: SearchResponse, context: int, color: bool) -> str:
    if not response.results:
        return f"no results for {response.request.query!r}"
    blocks = [_result_block(r, context, color) for r in response.results]
    separator = "\n\n" if context > 0 else "\n"
    return separator.join(blocks)


def index_summary(report: IndexReport) -> str:
    lines = [
        f"indexed {report.files_indexed} files ({report.snippets_written} snippets, "
        f"{report.snippets_embedded} embedded, {report.snippets_reused} reused), "
        f"{report.files_unchanged} unchanged, {report.files_removed} removed, "
        + (f"{report.files_moved} moved (vectors kept), " if report.files_moved else "")
        + f"{len(report.skipped)} skipped in {report.seconds:.1f}s"
    ]
    if report.cancelled:
        lines.append("stopped before the end: run the same command again to resume")
    for root in report.missing_roots:
        lines.append(f"root {root} is missing (unmounted?): its index is kept as it was")
    for root in report.empty_roots:
        lines.append(f"root {root} is empty (an unmounted drive?): its index is kept as it "
                     "was")
    if report.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in report.skip_reasons().most_common())
        lines.append(f"skipped: {reasons}")
        for path, reason in report.skipped[:SKIPS_SHOWN]:
            lines.append(f"  {path}: {reason}")
        if len(report.skipped) > SKIPS_SHOWN:
            lines.append(f"  … and {len(report.skipped) - SKIPS_SHOWN} more "
                         "(kenning status --json lists them)")
    return "\n".join(lines)


def status_json(state: Status) -> dict[str, object]:
    stats = state.stats
    return {
        "db": str(state.db_path),
        "roots": [{"path": r.path, "indexed_at": r.indexed_at,
                   "state": state.absent_roots.get(r.path, "present")} for r in stats.roots],
        "files": stats.files,
        "snippets": stats.chunks,
        "embedded": stats.embedded,
        "skipped": stats.skipped,
        "skipped_files": [{"path": p, "reason": r} for p, r in state.skipped],
        "languages": stats.languages,
        "model": {
            "path": str(state.model_path) if state.model_path else None,
            "name": stats.model.name if stats.model else None,
            "fingerprint": state.model_fingerprint,
            "dim": stats.model.dim if stats.model else None,
        },
        "bias": state.bias,
        "use_bias": state.use_bias,
        "order": state.order,
        "cpu_backend": state.cpu_backend,
        "last_indexed_at": state.last_indexed_at,
        "watches": [{"path": w.path, "mode": w.mode, "reason": w.reason, "hint": w.hint,
                     "pid": w.pid, "since": w.since} for w in state.watches],
    }


def status_text(state: Status) -> str:
    stats = state.stats
    lines = [f"index:     {state.db_path}"]
    for root in stats.roots:
        when = _when(root.indexed_at)
        absent = state.absent_roots.get(root.path)
        kept = f"; {absent} now, its index kept" if absent else ""
        lines.append(f"root:      {root.path} (indexed {when}{kept})")
    languages = ", ".join(f"{lang} {n}" for lang, n in stats.languages.items())
    lines.append(f"files:     {stats.files} ({stats.skipped} skipped)")
    lines.append(f"snippets:  {stats.chunks}" + (f" ({languages})" if languages else ""))
    if stats.embedded < stats.chunks:
        lines.append(f"embedded:  {stats.embedded} of {stats.chunks} (the rest is found by "
                     "keyword until `kenning index` finishes embedding it)")
    if stats.model:
        lines.append(f"model:     {stats.model.name} ({stats.model.fingerprint[:16]}, "
                     f"{stats.model.dim} dims)")
    if state.model_path:
        lines.append(f"model file: {state.model_path}")
    off = "" if state.use_bias else " (not applied unless --bias: turned off in settings)"
    lines.append(f"bias:      {state.bias or 'none'}{off}")
    lines.append(f"order:     {state.order or 'hand-set weights (no learned order found)'}")
    lines.append(f"cpu kernels: {state.cpu_backend or 'chosen on first use'}")
    lines.append(f"last index: {_when(state.last_indexed_at)}")
    for watch in state.watches:
        how = "native events" if watch.mode == "native" else f"polling: {watch.reason}"
        lines.append(f"watching:  {watch.path} ({how}; pid {watch.pid})")
        if watch.hint:
            lines.append(f"  to fix it, {watch.hint}")
    return "\n".join(lines)


def _when(timestamp: float | None) -> str:
    if timestamp is None:
        return "never"
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp))
