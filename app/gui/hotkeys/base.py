"""What every global-hotkey backend shares: the key combination, the interface, the status.

A combination is written the way Qt writes it (`QKeySequence.PortableText`,
what the settings store): "Ctrl+Alt+Space", "Meta+K", "Ctrl+Shift+F5". Each
backend turns the parsed `Combo` into its own key code and modifier mask.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal

from app.core.errors import KenningError
from app.core.instance import quick_argv

NO_BACKEND = "none"


class HotkeyError(KenningError):
    """The combination cannot be used (unknown key, or another program holds it)."""


class Modifier(Enum):
    # Qt's names, in Qt's order. On macOS Qt calls the Command key "Ctrl" and the
    # Control key "Meta".
    META = "Meta"
    CTRL = "Ctrl"
    ALT = "Alt"
    SHIFT = "Shift"


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


# Qt's key names → xkb keysym names (X11 and Wayland) where they differ: letters and
# digits are their own lower-case names; Tab, Home, Left, F1... are the same.
KEYSYMS = {
    "Space": "space", "Enter": "KP_Enter", "Esc": "Escape", "Backspace": "BackSpace",
    "Ins": "Insert", "Del": "Delete", "PgUp": "Prior", "PgDown": "Next",
    ",": "comma", ".": "period", "-": "minus", "=": "equal", "/": "slash", ";": "semicolon",
    "'": "apostrophe", "[": "bracketleft", "]": "bracketright", "\\": "backslash",
    "`": "grave",
}


def keysym_name(key: str) -> str:
    """The xkb keysym name of Qt's key name (`Combo.key`)."""
    return KEYSYMS.get(key, key.lower() if len(key) == 1 else key)


@dataclass(frozen=True)
class HotkeyStatus:
    """What the settings page says about the global hotkey."""

    backend: str      # which mechanism, e.g. "X11 key grab (XGrabKey)"; "none" without one
    active: bool      # whether the combination works desktop-wide right now
    message: str      # one line for the user: what works, or why not and what to do
    pending: bool = False  # asked for, the answer comes later (status_changed)

    @property
    def failed(self) -> bool:
        """A backend exists but the combination is not (and will not be) working."""
        return self.backend != NO_BACKEND and not self.active and not self.pending

    def describe(self) -> str:
        return f"{self.backend}: {self.message}"


class HotkeyBackend(QObject):
    """One way to get a key combination delivered from anywhere on the desktop.

    `register` replaces any earlier combination and raises HotkeyError when the
    combination cannot be had; `unregister` gives it back (safe to call twice);
    `close`, called before the app exits, also lets go of what the backend holds.
    """

    activated = Signal()
    # Backends that only hear later whether the combination is theirs (the portal)
    # say so here: active or not, and a message for the user.
    status_changed = Signal(bool, str)
    name = "none"
    confirms_later = False

    def register(self, combo: Combo) -> None:
        raise NotImplementedError

    def unregister(self) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Give the combination back and free what the backend holds (before exiting)."""
        self.unregister()


def quick_command() -> str:
    """The command to bind in the desktop's keyboard settings, as one line."""
    return shlex.join(quick_argv())
