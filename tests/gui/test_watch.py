"""The window follows the user's folders: the core watcher in a child process, real files.

Each test ends by shutting the window down and checking that the watching
process is gone and stopped cleanly (it removes its "watch:" entries from the
index only on a clean stop; a killed one leaves them behind).
"""

from __future__ import annotations

import os
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.engine import EngineConfig
from app.core.settings import Settings, settings_path
from app.core.store.store import Store
from app.core.watching.state import META_PREFIX
from app.gui.main_window import MainWindow
from app.gui.theme import ThemeManager
from app.gui.watching import WatchPhase
from tests.gui.conftest import MakeWindow
from tests.gui.helpers import INDEX_TIMEOUT_MS, screenshot, search

# A change on disk reaches the window through a child process on a shared 2-core machine.
CHANGE_TIMEOUT_MS = 120_000

PALETTE = '''\
def zyxquantize_palette(pixels, colours):
    """Reduce an image to a few colours by median cut over the RGB cube."""
    boxes = [sorted(pixels)]
    while len(boxes) < colours:
        box = max(boxes, key=len)
        boxes.remove(box)
        boxes += [box[: len(box) // 2], box[len(box) // 2:]]
    return [tuple(sum(c) // len(b) for c in zip(*b)) for b in boxes if b]
'''


def _project(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "text.py").write_text('def shout(words):\n    """Upper-case every word."""\n'
                                    "    return [w.upper() for w in words]\n")
    return folder


def _shown_paths(window: MainWindow) -> list[str]:
    model = window.results_model
    return [model.result(row).path for row in range(model.rowCount())]


def _watch_children() -> set[int]:
    """Process ids of this process's live children that run the watcher."""
    children = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if (int(parent) == os.getpid() and state != "Z"
                and b"app.core.processes.watch_child" in command):
            children.add(int(entry.name))
    return children


def _wait_watching(qtbot: QtBot, window: MainWindow, folders: int) -> int:
    """Wait until the watcher follows `folders` folders; its process id."""
    qtbot.waitUntil(lambda: window.watcher.status.phase is WatchPhase.WATCHING
                    and len(window.watcher.status.folders) == folders, timeout=INDEX_TIMEOUT_MS)
    pid = window.watcher.pid()
    assert _watch_children() == {pid}
    return pid


def _assert_stopped_cleanly(window: MainWindow, pids: list[int], db: Path) -> None:
    window.shutdown()
    assert not window.watcher.is_running()
    assert not _watch_children(), "a watching process outlived the window"
    with Store(db, readonly=True) as store:
        assert store.meta_items(META_PREFIX) == {}, "a watcher was killed, not stopped"


def _watched_project(qtbot: QtBot, make_window: MakeWindow, tmp_path: Path
                     ) -> tuple[Path, Path, MainWindow, int]:
    """A project folder, the index, the window following it, and its watcher's pid."""
    project = _project(tmp_path / "proj")
    db = tmp_path / "index.db"
    # The folder is indexed at start (a job), then watched.
    window = make_window(db, Settings(folders=[str(project)]))
    return project, db, window, _wait_watching(qtbot, window, folders=1)


def test_a_new_file_is_found_by_the_search_on_screen_then_gone(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    project, db, window, pid = _watched_project(qtbot, make_window, tmp_path)
    assert window.index_panel.watching.text() == "Watching 1 folder for changes."
    assert window.index_panel.watching.isVisible()

    response = search(qtbot, window, "reduce the colours of an image")
    assert all(r.path != str(project / "palette.py") for r in response.results)
    (project / "palette.py").write_text(PALETTE)
    # The search on screen is run again when the watcher's batch is in.
    qtbot.waitUntil(lambda: _shown_paths(window)[:1] == [str(project / "palette.py")],
                    timeout=CHANGE_TIMEOUT_MS)
    assert window.results_model.result(0).symbol == "zyxquantize_palette"
    assert "Index updated" in window.statusBar().currentMessage()
    screenshot(window, "watching")

    (project / "palette.py").unlink()
    qtbot.waitUntil(lambda: str(project / "palette.py") not in _shown_paths(window),
                    timeout=CHANGE_TIMEOUT_MS)
    assert window.watcher.pid() == pid  # the same process all along
    _assert_stopped_cleanly(window, [pid], db)


def test_pause_resume_and_folders_added_and_removed(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    first, second = _project(tmp_path / "first"), _project(tmp_path / "second")
    db = tmp_path / "index.db"
    window = make_window(db, Settings(folders=[str(first)]))
    pids = [_wait_watching(qtbot, window, folders=1)]

    window.pause_action.trigger()  # the tray menu's action
    qtbot.waitUntil(lambda: not window.watcher.is_running())
    assert window.watcher.status.phase is WatchPhase.PAUSED
    assert window.index_panel.watching.text().startswith("Watching paused")
    assert not _watch_children()
    (first / "palette.py").write_text(PALETTE)  # while paused: found on resume

    window.index_panel.pause_button.click()
    pids.append(_wait_watching(qtbot, window, folders=1))
    assert search(qtbot, window, "zyxquantize_palette").results[0].path == (
        str(first / "palette.py"))

    # Adding a folder: the watcher stops, the folder is indexed, both are watched.
    window.index_folders([second])
    pids.append(_wait_watching(qtbot, window, folders=2))
    assert window.index_panel.watching.text() == "Watching 2 folders for changes."
    search(qtbot, window, "frobnicate_ledger")
    (second / "later.py").write_text("def frobnicate_ledger(entries):\n    return entries\n")
    qtbot.waitUntil(lambda: str(second / "later.py") in _shown_paths(window),
                    timeout=CHANGE_TIMEOUT_MS)

    # Removing one: the other is still watched.
    window.remove_folder(first)
    pids.append(_wait_watching(qtbot, window, folders=1))
    assert window.watcher.status.folders == (str(second),)
    assert len(set(pids)) == len(pids)
    _assert_stopped_cleanly(window, pids, db)


def test_a_watcher_that_fails_says_why_and_is_not_restarted_in_a_loop(
        qtbot: QtBot, theme: ThemeManager, tmp_path: Path) -> None:
    project = _project(tmp_path / "proj")
    missing_model = tmp_path / "missing.gguf"
    window = MainWindow(EngineConfig(db_path=tmp_path / "index.db", model_path=missing_model),
                        Settings(folders=[str(project)]), theme, settings_path())
    qtbot.addWidget(window)
    window.show()
    try:
        qtbot.waitUntil(lambda: window.watcher.status.phase is WatchPhase.FAILED,
                        timeout=INDEX_TIMEOUT_MS)
        text = window.index_panel.watching.text()
        assert text.startswith("Watching stopped: ") and "missing.gguf" in text
        assert "Traceback" not in text and "\n" not in text
        assert ("watching", window.watcher.status.error) in [
            (where, reason.removeprefix("error: "))
            for where, reason in window.index_panel.problem_rows()]
        qtbot.wait(2000)
        assert not window.watcher.is_running() and not _watch_children()
    finally:
        window.shutdown()


def test_a_folder_gone_and_back_is_watched_again_and_its_error_taken_back(
        qtbot: QtBot, make_window: MakeWindow, tmp_path: Path) -> None:
    project, db, window, pid = _watched_project(qtbot, make_window, tmp_path)

    def gone_rows() -> list[str]:
        return [reason for where, reason in window.index_panel.problem_rows()
                if where == "watching" and f"{project} is gone" in reason]

    for entry in project.iterdir():
        entry.unlink()
    project.rmdir()
    qtbot.waitUntil(lambda: bool(gone_rows()), timeout=CHANGE_TIMEOUT_MS)
    search(qtbot, window, "zyxquantize_palette")

    project.mkdir()
    (project / "palette.py").write_text(PALETTE)
    # The search on screen is run again when the watcher's batch is in.
    qtbot.waitUntil(lambda: _shown_paths(window)[:1] == [str(project / "palette.py")],
                    timeout=CHANGE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not gone_rows(), timeout=CHANGE_TIMEOUT_MS)
    assert window.watcher.pid() == pid  # the same process all along
    _assert_stopped_cleanly(window, [pid], db)
