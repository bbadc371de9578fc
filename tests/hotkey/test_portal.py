"""The Wayland path: the GlobalShortcuts portal backend over a real, private dbus-daemon.

The portal itself is a stand-in (portal_standin.py: no Wayland desktop here),
but the bus, the wire format and the authentication are real, and
dbus-monitor (libdbus) decodes what the backend sent, independently of our
own D-Bus code.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.gui.hotkeys.base import HotkeyError, parse_combo
from app.gui.hotkeys.dbus import split_signature
from app.gui.hotkeys.portal import PortalHotkey, trigger
from tests.conftest import REPO

STANDIN = "tests.hotkey.portal_standin"


@pytest.fixture
def bus() -> Iterator[str]:
    """A private session bus; its address."""
    if shutil.which("dbus-daemon") is None:
        pytest.skip("dbus-daemon is not installed (.ci/run installs dbus)")
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert daemon.stdout is not None
        yield daemon.stdout.readline().strip()
    finally:
        daemon.kill()
        daemon.wait()


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(args, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def test_triggers_are_written_the_xdg_way() -> None:
    assert trigger(parse_combo("Ctrl+Alt+Space")) == "CTRL+ALT+space"
    assert trigger(parse_combo("Meta+Shift+K")) == "LOGO+SHIFT+k"
    assert split_signature("oa(sa{sv})sa{sv}") == ["o", "a(sa{sv})", "s", "a{sv}"]


def test_without_a_portal_the_reason_is_given(qapp: object, bus: str) -> None:
    with pytest.raises(HotkeyError, match=r"offers no GlobalShortcuts portal .*ServiceUnknown"):
        PortalHotkey(address=bus)
    with pytest.raises(HotkeyError, match=r"no GlobalShortcuts portal .*cannot connect"):
        PortalHotkey(address="unix:path=/nonexistent/bus")


@pytest.mark.parametrize("decline", [False, True])
def test_the_portal_binds_the_combination_and_delivers_presses(
        qtbot: QtBot, bus: str, tmp_path: Path, decline: bool) -> None:
    record, monitored = tmp_path / "calls.jsonl", tmp_path / "monitor.txt"
    standin = _start([sys.executable, "-m", STANDIN, bus, str(record),
                      *(["decline"] if decline else [])])
    with monitored.open("w") as out:
        monitor = subprocess.Popen(["dbus-monitor", "--address", bus], stdout=out,
                                   stderr=subprocess.DEVNULL)
    try:
        assert standin.stdout is not None and standin.stdout.readline() == "ready\n"
        qtbot.waitUntil(lambda: monitored.stat().st_size > 0)  # it is listening
        backend = PortalHotkey(address=bus)
        with qtbot.waitSignal(backend.status_changed, timeout=10_000) as got:
            backend.register(parse_combo("Ctrl+Alt+Space"))
        if decline:
            assert got.args == [False, "you declined the shortcut"]
        else:
            # In the desktop's own words (the stand-in's: "Ctrl+Alt+space").
            assert got.args == [True, "the desktop opens quick search with Ctrl+Alt+space "
                                      "in every program"]
            assert standin.stdin is not None
            with qtbot.waitSignal(backend.activated, timeout=10_000):
                standin.stdin.write("press\n")
                standin.stdin.flush()
        backend.close()
        qtbot.waitUntil(lambda: '"Close"' in record.read_text())  # the session is closed
        qtbot.waitUntil(lambda: "member=Close" in monitored.read_text())
    finally:
        for process in (standin, monitor):
            process.kill()
            process.communicate()

    calls = [json.loads(line) for line in record.read_text().splitlines()]
    members = [member for member, _args in calls]
    assert members == ["Get", "CreateSession", "BindShortcuts", "Close"]
    session, shortcuts, parent, options = calls[2][1]
    assert shortcuts == [["quick-search", {"description": "Kenning: quick search",
                                           "preferred_trigger": "CTRL+ALT+space"}]]
    assert session.startswith("/org/freedesktop/portal/desktop/session/")
    assert parent == "" and set(options) == {"handle_token"}
    # libdbus read the same arguments out of the wire format.
    text = monitored.read_text()
    bind = text[text.index("member=BindShortcuts"):]
    for line in ('string "quick-search"', 'string "preferred_trigger"',
                 'string "CTRL+ALT+space"'):
        assert line in bind
