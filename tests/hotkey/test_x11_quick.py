"""The app on a real X server: the global hotkey, `kenning quick`, one app per user.

Everything here is real: Xvfb, the app as a subprocess on Qt's xcb platform,
the key grab, the index, the model, the socket; xdotool plays the user.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.gui.quick_popup import TITLE
from tests.conftest import REPO
from tests.hotkey.conftest import QUERY, QuickIndex
from tests.hotkey.helpers import MAIN_TITLE, START_TIMEOUT, Desktop
from tests.polling import root_indexed, wait_for

pytestmark = pytest.mark.x11

HEAVY = ("PySide6", "llama_cpp", "apsw", "numpy")
THIN_CHECK = f"""
import json, sys
from app.cli.main import main
code = main(sys.argv[1:])
heavy = sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r}))
print(json.dumps({{"code": code, "heavy": heavy}}))
"""


def _focused_popup(desktop: Desktop) -> bool:
    return desktop.popup_visible() and desktop.focused_title() == TITLE


def test_the_hotkey_opens_searches_opens_the_editor_and_hides(
        desktop: Desktop, quick_index: QuickIndex) -> None:
    desktop.launch("gui", MAIN_TITLE)
    assert not desktop.popup_visible()
    log = Path(desktop.env["KENNING_DATA_DIR"]) / "logs" / "kenning.log"
    assert "global hotkey Ctrl+Alt+Space: X11 key grab (XGrabKey): Ctrl+Alt+Space opens " \
           "quick search in every program" in log.read_text()

    desktop.xdotool("key", "ctrl+alt+space")
    wait_for(lambda: _focused_popup(desktop), "the popup, mapped and focused")

    desktop.xdotool("type", "--delay", "20", QUERY)
    # Enter does nothing until the results are in (the model may still be loading).
    def opened() -> bool:
        if not desktop.editor_calls() and desktop.popup_visible():
            desktop.xdotool("key", "Return")
        return bool(desktop.editor_calls())
    wait_for(opened, "the editor command", START_TIMEOUT, interval=1.0)
    assert desktop.editor_calls() == [[str(quick_index.target), str(quick_index.line)]]
    desktop.wait_popup(shown=False)  # opening a result puts the popup away

    desktop.xdotool("key", "ctrl+alt+space")
    wait_for(lambda: _focused_popup(desktop), "the popup again")
    desktop.xdotool("key", "ctrl+alt+space")
    desktop.wait_popup(shown=False)
    assert desktop.visible(MAIN_TITLE)  # the window was never touched


def test_the_hotkey_works_with_numlock_and_capslock_on(desktop: Desktop) -> None:
    desktop.launch("gui", MAIN_TITLE)
    for lock in ("Num_Lock", "Caps_Lock"):
        desktop.xdotool("key", lock)
        try:
            desktop.xdotool("key", "ctrl+alt+space")
            desktop.wait_popup(shown=True)
            desktop.xdotool("key", "ctrl+alt+space")
            desktop.wait_popup(shown=False)
        finally:
            desktop.xdotool("key", lock)


def test_the_popup_comes_up_on_the_monitor_with_the_mouse(
        two_monitor_desktop: tuple[Desktop, list[tuple[int, int, int, int]]]) -> None:
    desktop, monitors = two_monitor_desktop
    desktop.launch("gui", MAIN_TITLE)  # on the first monitor
    for left, top, width, height in reversed(monitors):
        desktop.xdotool("mousemove", str(left + width // 4), str(top + height // 4))
        desktop.xdotool("key", "ctrl+alt+space")
        wait_for(lambda: _focused_popup(desktop), "the popup, mapped and focused")
        [popup] = desktop.visible(TITLE)
        shape = dict(line.split("=") for line in desktop.xdotool(
            "getwindowgeometry", "--shell", popup).splitlines())
        centre = (int(shape["X"]) + int(shape["WIDTH"]) // 2,
                  int(shape["Y"]) + int(shape["HEIGHT"]) // 2)
        expected = (left + width // 2, top + height // 2)
        assert abs(centre[0] - expected[0]) <= 1 and abs(centre[1] - expected[1]) <= 1, \
            (centre, expected)
        desktop.xdotool("key", "ctrl+alt+space")
        desktop.wait_popup(shown=False)


def test_kenning_quick_starts_the_app_then_toggles_it(desktop: Desktop) -> None:
    app = desktop.launch("quick", TITLE)  # no app yet: this one becomes it, popup up
    wait_for(lambda: _focused_popup(desktop), "the popup to take the focus")
    assert not desktop.visible(MAIN_TITLE)  # started for quick search: window hidden

    for shown in (False, True, False):
        started = time.monotonic()
        run = desktop.kenning("quick")
        assert run.code == 0 and run.err == "", run.err
        assert time.monotonic() - started < 10  # the client only forwards (bench: ~0.13 s)
        desktop.wait_popup(shown)
        if shown:
            wait_for(lambda: _focused_popup(desktop), "the popup to take the focus")
    assert app.poll() is None

    # The client stays thin: no Qt, no model, no index libraries, also for --quit.
    for args in (["quick"], ["--quit"]):
        proc = subprocess.run([sys.executable, "-c", THIN_CHECK, *args], env=desktop.env,
                              cwd=REPO, capture_output=True, text=True, timeout=60)
        assert json.loads(proc.stdout) == {"code": 0, "heavy": []}, proc.stderr
    assert app.wait(60) == 0  # --quit ended the app cleanly
    run = desktop.kenning("--quit")
    assert run.code == 0 and run.err.strip() == "kenning: not running"


def test_a_second_kenning_gui_raises_the_first(desktop: Desktop, tmp_path: Path) -> None:
    app = desktop.launch("gui", MAIN_TITLE)
    [window] = desktop.visible(MAIN_TITLE)
    desktop.xdotool("key", "ctrl+alt+space")  # the focus goes elsewhere: the popup
    wait_for(lambda: _focused_popup(desktop), "the popup, focused")

    extra = tmp_path / "more code"
    extra.mkdir()
    (extra / "slug.py").write_text("def slugify(text):\n    return text.lower()\n")
    run = desktop.kenning("gui", str(extra))
    assert run.code == 0, run.err
    # The same window has the focus again (so the popup went away); no second app.
    wait_for(lambda: desktop.focused_title() == MAIN_TITLE, "the main window, focused")
    desktop.wait_popup(shown=False)
    assert desktop.visible(MAIN_TITLE) == [window]
    assert [a for a in desktop.apps if a.poll() is None] == [app]
    # The folder was handed to the running app, which indexes it.
    wait_for(lambda: root_indexed(Path(desktop.env["KENNING_DB"]), extra), "the folder indexed",
             START_TIMEOUT, interval=0.5)


def test_a_crashed_app_leaves_no_obstacle(desktop: Desktop) -> None:
    first = desktop.launch("quick", TITLE)
    first.kill()  # no clean exit: the socket file stays behind
    first.wait()
    desktop.wait_popup(shown=False)
    second = desktop.launch("quick", TITLE)  # finds nobody behind the socket, replaces it
    run = desktop.kenning("quick")
    assert run.code == 0, run.err
    desktop.wait_popup(shown=False)
    assert second.poll() is None
