"""Wayland: the xdg-desktop-portal GlobalShortcuts interface, where the desktop has it.

No Wayland program may grab keys; the desktop binds them for it. The portal
hands out a session (CreateSession), takes the shortcuts with a preferred
trigger (BindShortcuts: the desktop may ask the user to confirm or pick
another), and sends Activated when the user presses it. Each request answers
later with a Response signal on its own object path, so the outcome arrives
as `status_changed`. The session is closed on `unregister`. Without the
portal, `PortalHotkey()` raises HotkeyError and the settings page offers
`kenning quick` to bind in the desktop's keyboard settings instead.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

from app.gui.hotkeys.base import Combo, HotkeyBackend, HotkeyError, Modifier, keysym_name
from app.gui.hotkeys.dbus import Connection, DBusError, MessageType, Variant

PORTAL = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
SHORTCUTS = "org.freedesktop.portal.GlobalShortcuts"
REQUEST = "org.freedesktop.portal.Request"
SESSION = "org.freedesktop.portal.Session"
PROPERTIES = "org.freedesktop.DBus.Properties"
SHORTCUT_ID = "quick-search"
DESCRIPTION = "Kenning: quick search"
# The XDG shortcuts specification's modifier names.
TRIGGER_MODIFIERS = {Modifier.CTRL: "CTRL", Modifier.ALT: "ALT", Modifier.SHIFT: "SHIFT",
                     Modifier.META: "LOGO"}
RESPONSES = {1: "you declined the shortcut", 2: "the desktop could not bind the shortcut"}

OnSuccess = Callable[[dict[str, Any]], None]


def trigger(combo: Combo) -> str:
    """`combo` the way the XDG shortcuts specification writes it: "CTRL+ALT+space"."""
    mods = [TRIGGER_MODIFIERS[m] for m in Modifier if m in combo.modifiers]
    return "+".join([*mods, keysym_name(combo.key)])


class PortalHotkey(HotkeyBackend):
    name = "desktop shortcut (GlobalShortcuts portal)"
    confirms_later = True

    def __init__(self, parent: QObject | None = None, address: str | None = None) -> None:
        """Connect to the session bus (`address`: another bus); HotkeyError without a portal."""
        super().__init__(parent)
        try:
            self._bus = Connection(address)
            self._bus.call(PORTAL, PORTAL_PATH, PROPERTIES, "Get", "ss", SHORTCUTS, "version")
            for interface, member in ((REQUEST, "Response"), (SHORTCUTS, "Activated")):
                self._bus.add_match(f"type='signal',interface='{interface}',member='{member}'")
        except DBusError as exc:
            raise HotkeyError("Wayland gives programs no global hotkeys and this desktop offers "
                              f"no GlobalShortcuts portal ({exc})") from exc
        self._tokens = itertools.count(1)
        self._session: str | None = None
        self._waiting: dict[str, OnSuccess] = {}  # request path → what to do on success
        self._notifier = QSocketNotifier(self._bus.fileno(), QSocketNotifier.Read, self)
        self._notifier.activated.connect(self._read)

    def register(self, combo: Combo) -> None:
        self.unregister()
        self._request("CreateSession", "a{sv}",
                      [{"session_handle_token": Variant("s", self._token())}],
                      lambda results: self._bind(combo, str(results["session_handle"])))

    def _bind(self, combo: Combo, session: str) -> None:
        self._session = session
        shortcut = (SHORTCUT_ID, {"description": Variant("s", DESCRIPTION),
                                  "preferred_trigger": Variant("s", trigger(combo))})
        self._request("BindShortcuts", "oa(sa{sv})sa{sv}", [session, [shortcut], "", {}],
                      lambda results: self._bound(combo, results))

    def _bound(self, combo: Combo, results: dict[str, Any]) -> None:
        chosen = next((options.get("trigger_description") for key, options
                       in results.get("shortcuts", []) if key == SHORTCUT_ID), None)
        self.status_changed.emit(True, f"the desktop opens quick search with "
                                       f"{chosen or combo} in every program")

    def _token(self) -> str:
        return f"kenning{next(self._tokens)}"

    def _request(self, method: str, signature: str, args: list[Any],
                 on_success: OnSuccess) -> None:
        """Call a portal method whose outcome comes later as a Response signal."""
        token = self._token()
        args[-1]["handle_token"] = Variant("s", token)
        sender = self._bus.unique_name.lstrip(":").replace(".", "_")
        expected = f"{PORTAL_PATH}/request/{sender}/{token}"
        self._waiting[expected] = on_success  # before the call: the answer may come at once
        try:
            path = self._bus.call(PORTAL, PORTAL_PATH, SHORTCUTS, method, signature,
                                  *args).body[0]
        except DBusError as exc:
            self._waiting.pop(expected, None)
            raise HotkeyError(f"the GlobalShortcuts portal failed: {exc}") from exc
        if path != expected:  # older portals chose the path themselves
            self._waiting[path] = self._waiting.pop(expected)
        # The Response may have arrived while `call` waited: it is read, queued, and
        # the socket notifier will not fire for it.
        QTimer.singleShot(0, self, self._read)

    def _read(self) -> None:
        for message in self._bus.read_available():
            if message.type != MessageType.SIGNAL:
                continue
            if message.member == "Response" and message.path in self._waiting:
                on_success = self._waiting.pop(message.path)
                code, results = message.body
                if code == 0:
                    on_success(results)
                else:
                    self.unregister()  # a session without the shortcut is of no use
                    self.status_changed.emit(False, RESPONSES.get(code, RESPONSES[2]))
            elif message.member == "Activated" and message.body[:2] == [self._session,
                                                                        SHORTCUT_ID]:
                self.activated.emit()

    def unregister(self) -> None:
        self._waiting.clear()
        if self._session is not None:
            self._bus.send(MessageType.METHOD_CALL, destination=PORTAL, path=self._session,
                           interface=SESSION, member="Close")
            self._session = None

    def close(self) -> None:
        self.unregister()
        self._notifier.setEnabled(False)
        self._bus.close()
