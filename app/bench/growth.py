"""Section 4: cost growth with corpus size, as a table and a PNG.

Index time: measured on the real tree while it was being indexed (the index
section's progress), and projected to larger sizes at the measured rate
(embedding dominates and is linear in snippets); the store's own write cost
is measured at every synthetic size. Query latency: the query section's.
"""

from __future__ import annotations

from pathlib import Path

from app.bench.context import BenchContext
from app.bench.plot import Panel, Series, save_chart
from app.bench.report import Section

FRACTIONS = (0.1, 0.25, 0.5, 1.0)


def run(ctx: BenchContext, png: Path) -> Section:
    section = Section("growth", "4. Cost growth with corpus size")
    measured = _index_curve(ctx.index_progress)
    rate = measured[-1][1] / measured[-1][0] if measured else None
    sizes = ctx.scale_results
    cumulative, writes = 0.0, []
    for figures in sizes:
        cumulative += figures["write_s"]
        writes.append((figures["n"], cumulative))

    rows = [[f"{n:,}", f"{s:.1f} s (measured, real tree)", "", "", "", ""]
            for s, n in measured]
    for (n, written), figures in zip(writes, sizes, strict=True):
        projected = f"{n / rate / 60:,.1f} min (projected)" if rate else "n/a"
        rows.append([f"{n:,.0f}", projected, f"{written:.1f} s",
                     f"{figures['first_ms']:.0f} ms",
                     f"{figures['hybrid_p50']:.1f} / {figures['hybrid_p95']:.1f} ms",
                     f"{figures['semantic_p50']:.1f} / {figures['semantic_p95']:.1f} ms"])
    section.add("Index time up to the size of the real tree is measured while indexing it "
                "(section 2); beyond, it is projected at the measured end-to-end rate"
                + (f" ({rate:.1f} snippets/s)" if rate else "")
                + ", since embedding is linear in snippets. Store writes (SQLite: chunks, "
                "vec0, FTS5, int8 copies) are measured on the synthetic index.", "")
    section.table(["snippets", "index time", "store writes (synthetic, cumulative)",
                   "first search (loads)", "hybrid p50 / p95", "semantic p50 / p95"], rows)
    panels = [
        Panel("Index time vs snippets", "snippets", "seconds", [
            Series("measured (real tree, end to end)", [(n, s) for s, n in measured]),
            Series("projected at the measured rate",
                   [(n, n / rate) for n, _ in writes] if rate else [], dashed=True),
            Series("store writes only (synthetic)", writes)]),
        Panel("Query latency vs snippets (query embedding included)", "snippets", "ms", [
            Series("hybrid p50", [(f["n"], f["hybrid_p50"]) for f in sizes]),
            Series("hybrid p95", [(f["n"], f["hybrid_p95"]) for f in sizes], dashed=True),
            Series("semantic p50", [(f["n"], f["semantic_p50"]) for f in sizes]),
            Series("semantic p95", [(f["n"], f["semantic_p95"]) for f in sizes], dashed=True)]),
    ]
    save_chart(png, panels)
    section.add(f"![cost growth]({png.name})")
    return section


def _index_curve(progress: list[tuple[float, int]]) -> list[tuple[float, int]]:
    """(seconds, snippets) at the first progress event past each fraction of the total."""
    if not progress:
        return []
    total = progress[-1][1]
    points = []
    for fraction in FRACTIONS:
        point = next(((s, n) for s, n in progress if n >= fraction * total), progress[-1])
        if point not in points and point[1] > 0:
            points.append(point)
    return points
