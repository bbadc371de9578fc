"""The tray icon on a real X server, with a stand-in tray (tray_standin.py).

The icon docks, a click shows and hides the window, closing the window keeps
Kenning running in the tray, and the icon's menu quits it.
"""

from __future__ import annotations

import select
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.conftest import REPO
from tests.hotkey.helpers import MAIN_TITLE, START_TIMEOUT, Desktop
from tests.polling import wait_for

pytestmark = pytest.mark.x11
# Two clicks closer than this (Qt's default: 400 ms) are one double-click.
DOUBLE_CLICK_S = 0.5


@pytest.fixture
def tray(xserver: str) -> Iterator[subprocess.Popen[str]]:
    """A system tray on the test's X server, for as long as the test runs."""
    standin = subprocess.Popen([sys.executable, "-m", "tests.hotkey.tray_standin", xserver],
                               cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               text=True)
    try:
        assert standin.stdout is not None and standin.stdout.readline() == "ready\n"
        yield standin
    finally:
        standin.kill()
        standin.communicate()


def _docked_icon(tray: subprocess.Popen[str]) -> str:
    """The window id of the next icon the tray docks."""
    assert tray.stdout is not None
    ready, _, _ = select.select([tray.stdout], [], [], START_TIMEOUT)
    assert ready, "no icon was docked in the tray"
    event, _, window = tray.stdout.readline().strip().partition(" ")
    assert event == "docked", event
    return window


def test_the_tray_icon_toggles_keeps_running_and_quits(
        desktop: Desktop, tray: subprocess.Popen[str]) -> None:
    desktop.configure(tray_icon=True, close_to_tray=True)
    app = desktop.launch("gui", MAIN_TITLE)
    icon = _docked_icon(tray)
    [window] = desktop.visible(MAIN_TITLE)

    def click(button: str) -> None:
        time.sleep(DOUBLE_CLICK_S)
        desktop.xdotool("mousemove", "--window", icon, "11", "11", "click", button)

    click("1")
    wait_for(lambda: not desktop.visible(MAIN_TITLE), "the window hidden by the icon")
    click("1")
    wait_for(lambda: desktop.visible(MAIN_TITLE) == [window], "the window back")

    # Closing the window (as a window manager's close button does) keeps Kenning running.
    assert tray.stdin is not None
    tray.stdin.write(f"close {window}\n")
    tray.stdin.flush()
    wait_for(lambda: not desktop.visible(MAIN_TITLE), "the window closed to the tray")
    run = desktop.kenning("quick")  # still there, and answering
    assert run.code == 0, run.err
    desktop.wait_popup(shown=True)
    assert app.poll() is None and desktop.visible(MAIN_TITLE) == []
    desktop.xdotool("key", "Escape")
    desktop.wait_popup(shown=False)

    # The icon's menu: its &Quit ends the app, cleanly.
    click("3")
    desktop.xdotool("key", "q")
    assert app.wait(30) == 0
