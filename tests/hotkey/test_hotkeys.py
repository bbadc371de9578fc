"""Hotkey combinations, the backends' key tables, and the X11 grab on a real X server."""

from __future__ import annotations

import subprocess

import pytest
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from app.gui import xlib
from app.gui.hotkeys import NO_BACKEND, GlobalHotkey
from app.gui.hotkeys.base import (
    NAMED_KEYS,
    PUNCTUATION,
    Combo,
    HotkeyError,
    Modifier,
    keysym_name,
    parse_combo,
)
from app.gui.hotkeys.macos import KEY_CODES
from app.gui.hotkeys.windows import virtual_key
from app.gui.hotkeys.x11 import X11Hotkey

ALL_KEYS = sorted({*"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", *PUNCTUATION,
                   *(f"F{n}" for n in range(1, 25)), *NAMED_KEYS.values()})
NOT_ON_A_MAC = {"Ins", "Print", "Pause", *(f"F{n}" for n in range(21, 25))}


@pytest.mark.parametrize(("text", "modifiers", "key"), [
    ("Ctrl+Alt+Space", {Modifier.CTRL, Modifier.ALT}, "Space"),
    ("Meta+K", {Modifier.META}, "K"),
    ("ctrl+shift+f5", {Modifier.CTRL, Modifier.SHIFT}, "F5"),
    ("Alt+PgDown", {Modifier.ALT}, "PgDown"),
    ("Ctrl+,", {Modifier.CTRL}, ","),
    ("F12", set(), "F12"),
])
def test_qt_style_combinations_parse(text: str, modifiers: set[Modifier], key: str) -> None:
    assert parse_combo(text) == Combo(frozenset(modifiers), key)


def test_what_the_settings_dialog_writes_parses() -> None:
    for text in ("Ctrl+Alt+Space", "Meta+Shift+K", "Alt+F4", "Ctrl+Alt+Del"):
        portable = QKeySequence(text).toString(QKeySequence.PortableText)
        assert str(parse_combo(portable)) == text


@pytest.mark.parametrize(("text", "why"), [
    ("", "no hotkey"),
    ("K", "add Ctrl, Alt or Meta"),
    ("Shift+A", "add Ctrl, Alt or Meta"),
    ("Ctrl+K, Ctrl+B", "one combination"),
    ("Hyper+K", "not a modifier"),
    ("Ctrl+Ö", "not a key"),
    ("Ctrl++", r"the \+ key"),
])
def test_unusable_combinations_are_explained(text: str, why: str) -> None:
    with pytest.raises(HotkeyError, match=why):
        parse_combo(text)


def test_every_backend_knows_every_key() -> None:
    x = xlib.libx11()
    for key in ALL_KEYS:
        assert x.XStringToKeysym(keysym_name(key).encode()), key  # a real X keysym name
        assert 0 < virtual_key(key) < 0xFF, key                   # a Windows VK_ code
        assert (key in KEY_CODES) != (key in NOT_ON_A_MAC), key   # a macOS kVK_ code
    assert len(set(map(virtual_key, ALL_KEYS))) == len(ALL_KEYS) - 1  # Return, Enter: same VK


def test_without_a_desktop_the_status_says_so(qapp: object) -> None:
    hotkey = GlobalHotkey()
    status = hotkey.bind("Ctrl+Alt+Space")
    assert status.backend == NO_BACKEND and not status.active
    assert status.message == "the 'offscreen' display has no desktop-wide hotkeys"
    hotkey.close()


@pytest.mark.x11
def test_the_x11_grab_fires_clashes_clearly_and_is_released(qtbot: QtBot, xserver: str
                                                            ) -> None:
    def key(*keys: str) -> None:
        subprocess.run(["xdotool", "key", *keys], env={"DISPLAY": xserver}, check=True,
                       timeout=30)

    ours, theirs = X11Hotkey(xserver), X11Hotkey(xserver)
    try:
        ours.register(parse_combo("Ctrl+Alt+Space"))
        with qtbot.waitSignal(ours.activated, timeout=10_000):
            key("ctrl+alt+space")
        for lock in ("Num_Lock", "Caps_Lock"):  # grabbed with the lock keys on too
            key(lock)
            with qtbot.waitSignal(ours.activated, timeout=10_000):
                key("ctrl+alt+space")
            key(lock)

        with pytest.raises(HotkeyError, match="Ctrl\\+Alt\\+Space is already taken by another "
                                              "program: choose another combination"):
            theirs.register(parse_combo("Ctrl+Alt+Space"))
        theirs.register(parse_combo("Ctrl+Alt+K"))  # the failed try left nothing grabbed
        with qtbot.waitSignal(theirs.activated, timeout=10_000):
            key("ctrl+alt+k")

        ours.close()  # gives the combination back
        theirs.register(parse_combo("Ctrl+Alt+Space"))
        with qtbot.waitSignal(theirs.activated, timeout=10_000):
            key("ctrl+alt+space")
    finally:
        ours.close()
        theirs.close()
