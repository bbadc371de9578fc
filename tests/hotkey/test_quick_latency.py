"""The bench's quick-toggle measurement, run for real: `kenning quick` → popup on screen."""

from __future__ import annotations

import json
import sys

import pytest

from app.gui.quick_latency import measure_quick_toggle
from tests.conftest import REPO
from tests.hotkey.helpers import MAIN_TITLE, Desktop

pytestmark = pytest.mark.x11
ARTIFACT = REPO / "test-artifacts" / "quick-latency.json"
TARGET_MS = 200
# A machine shared with other jobs can be several times slower than the target;
# anything like loading Qt or the model in the client costs far more than this.
LIMIT_MS = 1000


def test_quick_toggle_latency(desktop: Desktop) -> None:
    desktop.launch("gui", MAIN_TITLE)
    latency = measure_quick_toggle(runs=10, command=[sys.executable, "-m", "app", "quick"],
                                   env=desktop.env)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps({**latency.to_json(), "target_ms": TARGET_MS}, indent=2))
    print(f"kenning quick → popup shown: median {latency.median_show_ms:.0f} ms "
          f"(target {TARGET_MS} ms)")
    assert latency.median_show_ms < LIMIT_MS, latency.to_json()
