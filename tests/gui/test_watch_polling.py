"""Out of inotify watches: the window's index panel says it polls, and how to fix it.

The window runs in a child process inside a user namespace whose inotify
watch limit is 3 (as tests/watching/test_fallback.py does for `kenning
watch`), so its watcher runs out of watches without touching the machine's
settings. Run as a script, this module is that window (`_probe`).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.watching.test_fallback import LIMITED, _user_namespaces

PROBE_TIMEOUT = 300.0


@pytest.mark.skipif(not _user_namespaces(), reason="needs unprivileged user namespaces")
def test_the_index_panel_shows_polling_and_the_fix(tmp_path: Path) -> None:
    tree, db = tmp_path / "tree", tmp_path / "index.db"
    for i in range(6):  # 7 folders: more than 3 watches
        (tree / f"pkg{i}").mkdir(parents=True)
        (tree / f"pkg{i}" / "mod.py").write_text(f"def part_{i}():\n    return {i}\n")
    run = subprocess.run(
        [*LIMITED, sys.executable, "-m", "tests.gui.test_watch_polling", str(tree), str(db)],
        cwd=REPO, capture_output=True, text=True, timeout=PROBE_TIMEOUT + 60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
             "KENNING_CONFIG_DIR": str(tmp_path / "config")})
    assert run.returncode == 0, run.stderr
    shown = json.loads(run.stdout.splitlines()[-1])
    assert shown["phase"] == "watching"
    assert shown["text"].startswith("Watching 1 folder for changes.\nPolling ")
    assert "the inotify watch limit is reached" in shown["text"]
    assert ("To fix it, raise the limit: sudo sysctl fs.inotify.max_user_watches=524288"
            in shown["text"])
    assert shown["polled_change_found"], "a change in the polled folder reached the window"
    assert shown["stopped"]


def _probe(tree: Path, db: Path) -> dict[str, object]:
    """Open the window on `tree`, wait for it to watch, make a change; what it showed."""
    from PySide6.QtWidgets import QApplication

    from app.core.engine import EngineConfig
    from app.core.settings import Settings, settings_path
    from app.gui.application import application
    from app.gui.main_window import MainWindow
    from app.gui.theme import ThemeManager
    from app.gui.watching import WatchPhase

    def wait(condition: object) -> None:
        deadline = time.monotonic() + PROBE_TIMEOUT
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise SystemExit("timed out")
            QApplication.processEvents()
            time.sleep(0.02)

    qt = application()
    window = MainWindow(EngineConfig(db_path=db), Settings(folders=[str(tree)]),
                        ThemeManager(qt), settings_path())
    window.show()
    wait(lambda: window.watcher.status.phase is WatchPhase.WATCHING)
    shown: dict[str, object] = {"phase": str(window.watcher.status.phase),
                                "text": window.index_panel.watching.text()}
    (tree / "pkg4" / "late.py").write_text("def arrived_while_polling():\n    return 1\n")
    wait(lambda: window.status is not None and window.status.stats.files == 7)
    shown["polled_change_found"] = True
    window.shutdown()
    shown["stopped"] = not window.watcher.is_running()
    return shown


if __name__ == "__main__":
    print(json.dumps(_probe(Path(sys.argv[1]), Path(sys.argv[2]))))
