"""`kenning bench --tiny` end to end: every section runs and the report is written.

Speed is what the bench measures, not what this test asserts: it only checks
that a whole run works from the command line and produces a complete report.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.bench import avx2_only
from tests.conftest import run_kenning

SECTIONS = ("## 1. Embedding throughput", "## 2. Full index of a real tree",
            "## 3. Query latency and recall", "## 4. Cost growth with corpus size",
            "## 5. Start-up, memory, save-to-searchable, quick toggle",
            "## 6. The installable app: size and start-up")


# ~2 min on 2 idle cores: every section starts real processes (embedding workers, the
# indexer, the window, the app on Xvfb) and loads the model several times over.
@pytest.mark.slow
def test_tiny_bench_writes_a_complete_report(tmp_path: Path) -> None:
    out = tmp_path / "docs" / "BENCHMARKS.md"
    run = run_kenning(["bench", "--tiny", "--out", out], timeout=900)
    assert run.code == 0, run.err
    report = out.read_text("utf-8")
    for heading in ("## Machine", "## Targets", *SECTIONS):
        assert heading in report, heading
    assert "failed" not in report
    assert "kenning bench --tiny --out" in report
    if avx2_only.unavailable() is None:  # the same run as on an AVX2-only processor
        assert "| Kenning, AVX2 only (CPUID masked) |" in report
        assert "| first index, AVX2 only (CPUID masked" in report
    png = out.with_name("bench-growth.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
