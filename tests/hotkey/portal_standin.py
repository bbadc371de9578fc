"""A stand-in for xdg-desktop-portal's GlobalShortcuts, for the portal backend's tests.

No portal that implements GlobalShortcuts can run here (it needs a Wayland
desktop), so this process takes the portal's bus name on a private, real
dbus-daemon and answers the way the specification says: CreateSession and
BindShortcuts return a request path and answer with a Response signal on it;
"press" on stdin sends Activated for the bound shortcut. Every call is
recorded as one JSON line.

Run: python -m tests.hotkey.portal_standin ADDRESS RECORD [decline]
"""

from __future__ import annotations

import json
import select
import sys
from pathlib import Path
from typing import Any

from app.gui.hotkeys.dbus import BUS, BUS_PATH, Connection, Message, MessageType, Variant
from app.gui.hotkeys.portal import PORTAL, PORTAL_PATH, REQUEST, SHORTCUTS


class StandIn:
    def __init__(self, address: str, record: Path, decline: bool) -> None:
        self.bus = Connection(address)
        self.bus.call(BUS, BUS_PATH, BUS, "RequestName", "su", PORTAL, 0)
        self.record, self.decline = record, decline
        self.bound: tuple[str, str, str] | None = None  # client, session, shortcut id

    def reply(self, call: Message, signature: str = "", *body: Any) -> None:
        self.bus.send(MessageType.METHOD_RETURN, signature, body, reply_serial=call.serial,
                      destination=call.sender)

    def respond(self, call: Message, token: str, code: int, results: dict[str, Any]) -> None:
        """Return the request's path, then answer on it (as the portal does)."""
        sender = (call.sender or "").lstrip(":").replace(".", "_")
        request = f"{PORTAL_PATH}/request/{sender}/{token}"
        self.reply(call, "o", request)
        self.bus.send(MessageType.SIGNAL, "ua{sv}", [code, results], path=request,
                      interface=REQUEST, member="Response", destination=call.sender)

    def handle(self, call: Message) -> None:
        with self.record.open("a") as log:
            log.write(json.dumps([call.member, call.body], default=repr) + "\n")
        if call.member == "Get":
            self.reply(call, "v", Variant("u", 1))
        elif call.member == "CreateSession":
            options = call.body[0]
            sender = (call.sender or "").lstrip(":").replace(".", "_")
            session = f"{PORTAL_PATH}/session/{sender}/{options['session_handle_token']}"
            self.respond(call, options["handle_token"], 0,
                         {"session_handle": Variant("o", session)})
        elif call.member == "BindShortcuts":
            session, shortcuts, _parent, options = call.body
            key, wanted = shortcuts[0]
            if self.decline:
                self.respond(call, options["handle_token"], 1, {})
                return
            self.bound = (call.sender or "", session, key)
            chosen = wanted["preferred_trigger"].replace("CTRL", "Ctrl").replace("ALT", "Alt")
            self.respond(call, options["handle_token"], 0, {"shortcuts": Variant(
                "a(sa{sv})", [(key, {"trigger_description": Variant("s", chosen)})])})
        else:  # Session.Close
            self.reply(call)

    def press(self) -> None:
        if self.bound is not None:
            client, session, key = self.bound
            self.bus.send(MessageType.SIGNAL, "osta{sv}", [session, key, 0, {}],
                          path=PORTAL_PATH, interface=SHORTCUTS, member="Activated",
                          destination=client)

    def serve(self) -> None:
        print("ready", flush=True)
        while True:
            readable, _, _ = select.select([self.bus.fileno(), sys.stdin], [], [])
            if sys.stdin in readable:
                line = sys.stdin.readline()
                if not line:
                    return
                self.press()
            for message in self.bus.read_available():
                if message.type == MessageType.METHOD_CALL:
                    self.handle(message)


if __name__ == "__main__":
    StandIn(sys.argv[1], Path(sys.argv[2]), sys.argv[3:] == ["decline"]).serve()
