"""X11: a passive grab of the combination on the root window (XGrabKey).

The grab is made on a connection of our own and the key presses are read
from Qt's event loop (a QSocketNotifier on the connection's file descriptor).
X matches a grab's modifiers exactly, so the combination is also grabbed with
CapsLock and NumLock on (the four variants); holding the keys down toggles
once, not at the keyboard's repeat rate. A combination another program holds
fails with BadAccess, which becomes a HotkeyError naming it. The grab ends with
`unregister` (and, whatever happens, when the process's connection closes).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QSocketNotifier

from app.gui import xlib
from app.gui.hotkeys.base import Combo, HotkeyBackend, HotkeyError, Modifier, keysym_name

MODIFIER_MASKS = {Modifier.SHIFT: xlib.SHIFT_MASK, Modifier.CTRL: xlib.CONTROL_MASK,
                  Modifier.ALT: xlib.MOD1_MASK, Modifier.META: xlib.MOD4_MASK}


class X11Hotkey(HotkeyBackend):
    name = "X11 key grab (XGrabKey)"

    def __init__(self, display: str | None = None, parent: QObject | None = None) -> None:
        """Connect to the X server `display` (None: $DISPLAY); HotkeyError if that fails."""
        super().__init__(parent)
        try:
            self._display = xlib.Display(display)
        except OSError as exc:
            raise HotkeyError(str(exc)) from exc
        x = self._display.x
        # Key repeat then sends presses only, no release in between: one toggle per press.
        x.XkbSetDetectableAutoRepeat(self._display.handle, 1, None)
        num_lock = self._display.modifier_mask("Num_Lock", xlib.MOD2_MASK)
        self._lock_variants = sorted({0, xlib.LOCK_MASK, num_lock, xlib.LOCK_MASK | num_lock})
        self._grabs: list[tuple[int, int]] = []  # (keycode, modifiers) held
        self._held = False
        self._notifier = QSocketNotifier(self._display.fileno(), QSocketNotifier.Read, self)
        self._notifier.activated.connect(self._read_events)

    def register(self, combo: Combo) -> None:
        self.unregister()
        keycode = self._display.keycode(keysym_name(combo.key))
        if not keycode:
            raise HotkeyError(f"this keyboard has no {combo.key} key")
        mask = 0
        for modifier in combo.modifiers:
            mask |= MODIFIER_MASKS[modifier]
        grabs = [(keycode, mask | variant) for variant in self._lock_variants]
        x, handle, root = self._display.x, self._display.handle, self._display.root
        with self._display.errors_trapped() as errors:
            for code, modifiers in grabs:
                x.XGrabKey(handle, code, modifiers, root, 0, xlib.GRAB_MODE_ASYNC,
                           xlib.GRAB_MODE_ASYNC)
        self._grabs = grabs
        if errors:
            self.unregister()  # the variants that did succeed
            if xlib.BAD_ACCESS in errors:
                raise HotkeyError(f"{combo} is already taken by another program: "
                                  "choose another combination in Settings")
            raise HotkeyError(f"the X server refused to grab {combo} (error {errors[0]})")

    def unregister(self) -> None:
        if self._display.handle is None or not self._grabs:
            return
        x, handle, root = self._display.x, self._display.handle, self._display.root
        with self._display.errors_trapped():
            for code, modifiers in self._grabs:
                x.XUngrabKey(handle, code, modifiers, root)
        self._grabs = []
        self._held = False

    def close(self) -> None:
        self.unregister()
        self._notifier.setEnabled(False)
        self._display.close()

    def _read_events(self) -> None:
        keycodes = {code for code, _mods in self._grabs}
        for event in self._display.events():
            if event.type == xlib.KEY_PRESS and event.xkey.keycode in keycodes:
                if not self._held:
                    self._held = True
                    self.activated.emit()
            elif event.type == xlib.KEY_RELEASE and event.xkey.keycode in keycodes:
                self._held = False
