"""A background build never outlives its process, nor keeps it from ending."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from app.core import background

    def build():
        try:
            while True:  # a long build, checking between its batches
                background.check()
                time.sleep(0.01)
        except background.Stopped:
            Path(sys.argv[1]).write_text("stopped at exit")
            raise

    background.start(build, "test-build")
    time.sleep(0.1)
    print("leaving", flush=True)
""")


def test_exit_stops_a_running_build_and_waits_for_it(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(marker)], capture_output=True,
                          text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout == "leaving\n" and done.stderr == ""  # no traceback from the thread
    assert marker.read_text() == "stopped at exit"
