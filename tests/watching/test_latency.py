"""Save-to-searchable latency of a one-file edit (the number `kenning bench` reports)."""

from __future__ import annotations

from pathlib import Path

from app.core.watching.latency import measure_save_latency


def test_an_edit_is_searchable_within_a_second_after_the_debounce(tmp_path: Path) -> None:
    report = measure_save_latency(tmp_path, edits=7)
    print(f"\nsave-to-searchable: median {report.median * 1000:.0f} ms "
          f"({report.median_after_quiet * 1000:.0f} ms after the "
          f"{report.quiet_seconds * 1000:.0f} ms debounce); samples "
          + " ".join(f"{s * 1000:.0f}" for s in report.samples))
    assert report.median_after_quiet <= 1.0
