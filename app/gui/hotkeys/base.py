"""What every global-hotkey backend shares: the key combination, the interface, the status.

A combination is written the way Qt writes it (`QKeySequence.PortableText`,
what the settings store): "Ctrl+Alt+Space", "Meta+K", "Ctrl+Shift+F5". Each
backend turns the parsed `Combo` into its own key code and modifier mask.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sys
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal

from app.core.errors import KenningError


class HotkeyError(KenningError):
    """The combination cannot be used (unknown key, or another program holds it)."""


class Modifier(Enum):
    # Qt's names. On macOS Qt calls the Command key "Ctrl" and the Control key "Meta".
    CTRL = "Ctrl"
    ALT = "Alt"
    SHIFT = "Shift"
    META = "Meta"


_MODIFIER_NAMES = {"ctrl": Modifier.CTRL, "control": Modifier.CTRL, "alt": Modifier.ALT,
                   "shift": Modifier.SHIFT, "meta": Modifier.META, "super": Modifier.META,
                   "win": Modifier.META}
# Named keys: any spelling Qt accepts → the name Qt writes (what the backends' tables use).
NAMED_KEYS = {
    "space": "Space", "tab": "Tab", "return": "Return", "enter": "Enter", "esc": "Esc",
    "escape": "Esc", "backspace": "Backspace", "ins": "Ins", "insert": "Ins", "del": "Del",
    "delete": "Del", "home": "Home", "end": "End", "pgup": "PgUp", "pageup": "PgUp",
    "pgdown": "PgDown", "pagedown": "PgDown", "left": "Left", "up": "Up", "right": "Right",
    "down": "Down", "print": "Print", "pause": "Pause",
}
# Printable keys with a key of their own on a US layout (shifted symbols are Shift+key).
PUNCTUATION = ",.-=/;'[]\\`"
_FUNCTION_KEY = re.compile(r"F([1-9]|1[0-9]|2[0-4])")


@dataclass(frozen=True)
class Combo:
    modifiers: frozenset[Modifier]
    key: str  # a letter A-Z, a digit, one of PUNCTUATION, F1-F24 or a NAMED_KEYS value

    def __str__(self) -> str:
        mods = [m.value for m in Modifier if m in self.modifiers]
        return "+".join([*mods, self.key])


def parse_combo(text: str) -> Combo:
    """Parse Qt's text form of one key combination; HotkeyError explains a bad one."""
    text = text.strip()
    if not text:
        raise HotkeyError("no hotkey is set")
    if ", " in text:  # how Qt separates the chords of a multi-key sequence
        raise HotkeyError(f"{text!r} is a sequence of keys: a hotkey is one combination")
    if text.endswith("+"):
        raise HotkeyError(f"{text!r}: the + key cannot be part of a hotkey")
    *mod_names, key_name = text.split("+")
    modifiers: set[Modifier] = set()
    for name in mod_names:
        modifier = _MODIFIER_NAMES.get(name.strip().lower())
        if modifier is None:
            raise HotkeyError(f"{name!r} in {text!r} is not a modifier (Ctrl, Alt, Shift, Meta)")
        modifiers.add(modifier)
    key = _key(key_name.strip())
    if key is None:
        raise HotkeyError(f"{key_name!r} in {text!r} is not a key a hotkey can use")
    if not modifiers - {Modifier.SHIFT} and not _FUNCTION_KEY.fullmatch(key):
        raise HotkeyError(f"{text!r} would take that key from every program: "
                          "add Ctrl, Alt or Meta")
    return Combo(frozenset(modifiers), key)


def _key(name: str) -> str | None:
    if len(name) == 1 and ((name.isascii() and name.isalnum()) or name in PUNCTUATION):
        return name.upper()
    if _FUNCTION_KEY.fullmatch(name.upper()):
        return name.upper()
    return NAMED_KEYS.get(name.lower())


@dataclass(frozen=True)
class HotkeyStatus:
    """What the settings page says about the global hotkey."""

    backend: str      # which mechanism, e.g. "X11 key grab (XGrabKey)"; "none" without one
    active: bool      # whether the combination works desktop-wide right now
    message: str      # one line for the user: what works, or why not and what to do

    def describe(self) -> str:
        return f"{self.backend}: {self.message}"


class HotkeyBackend(QObject):
    """One way to get a key combination delivered from anywhere on the desktop.

    `register` replaces any earlier combination and raises HotkeyError when the
    combination cannot be had; `unregister` gives it back (always called before
    the app exits, and safe to call twice).
    """

    activated = Signal()
    name = "none"

    def register(self, combo: Combo) -> None:
        raise NotImplementedError

    def unregister(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Give the combination back and free what the backend holds (before exiting)."""
        self.unregister()


def quick_command() -> str:
    """The command a desktop shortcut should run: `kenning quick` if that is on PATH."""
    if shutil.which("kenning"):
        return "kenning quick"
    return f"{shlex.quote(sys.executable)} -m app quick"
