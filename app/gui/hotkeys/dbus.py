"""A small D-Bus client on the standard library: what the GlobalShortcuts portal needs.

PySide6's QtDBus cannot send the portal's `a(sa{sv})` argument: a struct in an
array needs qDBusRegisterMetaType, which Python cannot call, and QtDBus then
sends a wrong signature. So Kenning speaks the wire protocol itself: EXTERNAL
authentication on the bus's Unix socket, method calls, their replies and
errors, signals; the basic types, variants, arrays, dicts and structs. No
Qt here: the portal backend watches `fileno()` and calls `read_available()`.
"""

from __future__ import annotations

import os
import socket
import struct
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any
from urllib.parse import unquote

from app.core.errors import KenningError

BUS = "org.freedesktop.DBus"
BUS_PATH = "/org/freedesktop/DBus"
CALL_TIMEOUT = 5.0
_FIXED = {"y": "B", "b": "I", "n": "h", "q": "H", "i": "i", "u": "I", "x": "q", "t": "Q",
          "d": "d"}
_ALIGN = {"y": 1, "g": 1, "v": 1, "n": 2, "q": 2, "b": 4, "i": 4, "u": 4, "s": 4, "o": 4,
          "a": 4, "x": 8, "t": 8, "d": 8, "(": 8, "{": 8}


class DBusError(KenningError):
    """The bus could not be reached, or a call failed (the message says which and why)."""


class MessageType(IntEnum):
    METHOD_CALL = 1
    METHOD_RETURN = 2
    ERROR = 3
    SIGNAL = 4


class Field(IntEnum):
    PATH = 1
    INTERFACE = 2
    MEMBER = 3
    ERROR_NAME = 4
    REPLY_SERIAL = 5
    DESTINATION = 6
    SENDER = 7
    SIGNATURE = 8


_KNOWN_FIELDS = frozenset(Field)
_FIELD_TYPES = {Field.PATH: "o", Field.INTERFACE: "s", Field.MEMBER: "s",
                Field.ERROR_NAME: "s", Field.REPLY_SERIAL: "u", Field.DESTINATION: "s",
                Field.SENDER: "s", Field.SIGNATURE: "g"}


@dataclass(frozen=True)
class Variant:
    signature: str
    value: Any


def split_signature(signature: str) -> list[str]:
    """The complete types in `signature`: "sa{sv}(ii)" → ["s", "a{sv}", "(ii)"]."""
    types, start, depth = [], 0, 0
    for index, char in enumerate(signature):
        if char in "({":
            depth += 1
        elif char in ")}":
            depth -= 1
        if depth == 0 and char != "a":
            types.append(signature[start:index + 1])
            start = index + 1
    return types


class _Writer:
    def __init__(self, start: int = 0) -> None:
        self.data = bytearray()
        self._start = start  # alignment counts from the start of the message

    def align(self, n: int) -> None:
        self.data += b"\0" * (-(self._start + len(self.data)) % n)

    def write(self, kind: str, value: Any) -> None:
        self.align(_ALIGN[kind[0]])
        code = kind[0]
        if code in _FIXED:
            self.data += struct.pack("<" + _FIXED[code], value)
        elif code in "so":
            raw = value.encode()
            self.data += struct.pack("<I", len(raw)) + raw + b"\0"
        elif code == "g":
            self.data += bytes([len(value)]) + value.encode() + b"\0"
        elif code == "v":
            self.write("g", value.signature)
            self.write(value.signature, value.value)
        elif code == "(":
            for inner, item in zip(split_signature(kind[1:-1]), value, strict=True):
                self.write(inner, item)
        elif code == "a":
            self._array(kind[1:], value)
        else:
            raise ValueError(f"D-Bus type {kind!r} is not supported")

    def _array(self, element: str, value: Any) -> None:
        self.align(4)
        length_at = len(self.data)
        self.data += b"\0\0\0\0"
        self.align(_ALIGN[element[0]])
        begin = len(self.data)
        if element.startswith("{"):
            key, val = split_signature(element[1:-1])
            for k, v in value.items():
                self.align(8)
                self.write(key, k)
                self.write(val, v)
        else:
            for item in value:
                self.write(element, item)
        struct.pack_into("<I", self.data, length_at, len(self.data) - begin)


class _Reader:
    def __init__(self, data: bytes, endian: str, offset: int = 0) -> None:
        self.data, self.endian, self.pos = data, endian, offset

    def align(self, n: int) -> None:
        self.pos += -self.pos % n

    def read(self, kind: str) -> Any:
        self.align(_ALIGN[kind[0]])
        code = kind[0]
        if code in _FIXED:
            fmt = self.endian + _FIXED[code]
            (value,) = struct.unpack_from(fmt, self.data, self.pos)
            self.pos += struct.calcsize(fmt)
            return bool(value) if code == "b" else value
        if code in "sog":
            length = self.data[self.pos] if code == "g" else self.read("u")
            self.pos += 1 if code == "g" else 0
            text = self.data[self.pos:self.pos + length].decode()
            self.pos += length + 1
            return text
        if code == "v":
            return self.read(self.read("g"))
        if code == "(":
            return tuple(self.read(inner) for inner in split_signature(kind[1:-1]))
        if code == "a":
            return self._array(kind[1:])
        raise ValueError(f"D-Bus type {kind!r} is not supported")

    def _array(self, element: str) -> Any:
        length = self.read("u")
        self.align(_ALIGN[element[0]])
        end = self.pos + length
        if element.startswith("{"):
            key, val = split_signature(element[1:-1])
            entries = {}
            while self.pos < end:
                self.align(8)
                k = self.read(key)
                entries[k] = self.read(val)
            return entries
        items = []
        while self.pos < end:
            items.append(self.read(element))
        return items


@dataclass
class Message:
    type: MessageType
    serial: int
    fields: dict[Field, Any]
    body: list[Any] = field(default_factory=list)
    flags: int = 0

    @property
    def path(self) -> str | None:
        return self.fields.get(Field.PATH)

    @property
    def interface(self) -> str | None:
        return self.fields.get(Field.INTERFACE)

    @property
    def member(self) -> str | None:
        return self.fields.get(Field.MEMBER)

    @property
    def sender(self) -> str | None:
        return self.fields.get(Field.SENDER)

    def encode(self) -> bytes:
        signature = self.fields.get(Field.SIGNATURE, "")
        body = _Writer()
        for kind, value in zip(split_signature(signature), self.body, strict=True):
            body.write(kind, value)
        header = _Writer()
        header.data += struct.pack("<4BII", ord("l"), self.type, self.flags, 1, len(body.data),
                                   self.serial)
        header.write("a(yv)", [(code, Variant(_FIELD_TYPES[code], value))
                               for code, value in self.fields.items()])
        header.align(8)
        return bytes(header.data + body.data)

    @classmethod
    def decode(cls, data: bytes) -> tuple[Message, int] | None:
        """The first message in `data` and its size; None while it is incomplete."""
        if len(data) < 16:
            return None
        endian = "<" if data[0:1] == b"l" else ">"
        body_length, serial, fields_length = struct.unpack_from(endian + "3I", data, 4)
        body_start = 16 + fields_length + (-(16 + fields_length) % 8)
        if len(data) < body_start + body_length:
            return None
        reader = _Reader(data, endian, 12)
        fields = {Field(code): value for code, value in reader.read("a(yv)")
                  if code in _KNOWN_FIELDS}
        reader.pos = body_start
        body = [reader.read(kind) for kind in split_signature(fields.get(Field.SIGNATURE, ""))]
        return cls(MessageType(data[1]), serial, fields, body, data[2]), body_start + body_length


def session_bus_address() -> str:
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return f"unix:path={os.path.join(runtime, 'bus')}"
    raise DBusError("no session bus ($DBUS_SESSION_BUS_ADDRESS is not set)")


def _socket_paths(address: str) -> Iterator[str]:
    """The Unix socket addresses in a D-Bus address list (abstract ones start with NUL)."""
    for entry in address.split(";"):
        transport, _, params = entry.partition(":")
        if transport != "unix":
            continue
        values = dict(p.split("=", 1) for p in params.split(",") if "=" in p)
        if "path" in values:
            yield unquote(values["path"])
        elif "abstract" in values:
            yield "\0" + unquote(values["abstract"])


class Connection:
    """One authenticated connection to a message bus (default: the session bus)."""

    def __init__(self, address: str | None = None) -> None:
        self._sock = self._connect(address or session_bus_address())
        self._buffer = b""
        self._queue: list[Message] = []
        self._serial = 0
        self.unique_name: str = self.call(BUS, BUS_PATH, BUS, "Hello").body[0]

    @staticmethod
    def _connect(address: str) -> socket.socket:
        errors = []
        for path in _socket_paths(address):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(CALL_TIMEOUT)
            try:
                sock.connect(path)
                sock.sendall(b"\0AUTH EXTERNAL " + str(os.getuid()).encode().hex().encode()
                             + b"\r\n")
                answer = sock.recv(4096)
                if not answer.startswith(b"OK "):
                    raise DBusError(f"the bus refused us: {answer.decode(errors='replace')}")
                sock.sendall(b"BEGIN\r\n")
                return sock
            except OSError as exc:
                sock.close()
                errors.append(f"{path.lstrip(chr(0))}: {exc}")
        raise DBusError(f"cannot connect to the bus at {address}: {'; '.join(errors)}")

    def fileno(self) -> int:
        return self._sock.fileno()

    def send(self, kind: MessageType, signature: str = "", body: Sequence[Any] = (),
             **fields: Any) -> int:
        """Send a message (fields by name: path=, interface=, member=...); its serial."""
        self._serial += 1
        header = {Field[name.upper()]: value for name, value in fields.items()}
        if signature:
            header[Field.SIGNATURE] = signature
        self._sock.sendall(Message(kind, self._serial, header, list(body)).encode())
        return self._serial

    def call(self, destination: str, path: str, interface: str, member: str,
             signature: str = "", *args: Any, timeout: float = CALL_TIMEOUT) -> Message:
        """Call a method and wait for its reply; DBusError if it fails."""
        serial = self.send(MessageType.METHOD_CALL, signature, args, destination=destination,
                           path=path, interface=interface, member=member)
        deadline = time.monotonic() + timeout
        while True:
            for index, message in enumerate(self._queue):
                if message.fields.get(Field.REPLY_SERIAL) == serial:
                    del self._queue[index]
                    if message.type == MessageType.ERROR:
                        detail = message.body[0] if message.body else ""
                        raise DBusError(f"{member}: {message.fields.get(Field.ERROR_NAME)}"
                                        f"{': ' if detail else ''}{detail}")
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise DBusError(f"{destination} did not answer {member} in time")
            self._sock.settimeout(remaining)
            try:
                data = self._sock.recv(65536)
            except TimeoutError:
                continue
            if not data:
                raise DBusError("the bus closed the connection")
            self._receive(data)

    def add_match(self, rule: str) -> None:
        """Have the bus send us the signals matching `rule`."""
        self.call(BUS, BUS_PATH, BUS, "AddMatch", "s", rule)

    def read_available(self) -> list[Message]:
        """Every message received so far (replies to `call` aside), without blocking."""
        if self._sock.fileno() < 0:
            return []  # closed (a queued read may still come from the event loop)
        self._sock.setblocking(False)
        while True:
            try:
                data = self._sock.recv(65536)
            except (BlockingIOError, InterruptedError):
                break
            if not data:
                break  # the bus went away; the caller sees no more messages
            self._receive(data)
        messages, self._queue = self._queue, []
        return messages

    def _receive(self, data: bytes) -> None:
        self._buffer += data
        while (decoded := Message.decode(self._buffer)) is not None:
            message, size = decoded
            self._buffer = self._buffer[size:]
            self._queue.append(message)

    def close(self) -> None:
        self._sock.close()
