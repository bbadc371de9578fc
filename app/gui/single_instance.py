"""The app's end of the per-user socket: one app per user and index.

`InstanceServer.claim` listens on the address from `app.core.instance`, or
returns False when another app of this user already answers there (the
caller then forwards its command and exits). A socket file left behind by a crashed
app is removed once nobody answers on it; a lock file makes that check and the
new listen one step, so two apps starting at once cannot both win.

Each connection sends one line; the peer must run as the same user (checked
with SO_PEERCRED on top of the socket's private folder and 0700 mode), the
line must be a valid message, and the answer is ``ok`` once `received` has
been handled. A search goes to `search_handler`, which answers through the
PendingReply once the results are in.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Callable, Iterator

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from shiboken6 import isValid

from app.core.errors import KenningError
from app.core.instance import (
    ERROR_PREFIX,
    MAX_LINE,
    OK,
    Command,
    Message,
    answers,
    is_same_user,
    private_socket_folder,
)

log = logging.getLogger(__name__)

CLIENT_TIMEOUT_MS = 5000  # a client that sends no full line in this time is dropped


@contextlib.contextmanager
def _claim_lock(address: str) -> Iterator[None]:
    """Serialise claiming `address` between processes (Unix; pipes leave no stale files)."""
    if sys.platform == "win32":
        yield
        return
    import fcntl

    private_socket_folder(address)
    with open(f"{address}.lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


class PendingReply:
    """The answer still owed to one connection (a search): sent once, if it is still open."""

    def __init__(self, client: QLocalSocket) -> None:
        self._client: QLocalSocket | None = client

    def send(self, reply: str) -> None:
        client, self._client = self._client, None
        if client is not None and isValid(client) and client.isOpen():
            InstanceServer.answer(client, reply)


class InstanceServer(QObject):
    received = Signal(object)  # Message, from another launch of this user

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        # Runs a search another launch asked for and answers it (see PendingReply).
        self.search_handler: Callable[[Message, PendingReply], None] | None = None

    @property
    def address(self) -> str:
        return self._server.fullServerName()

    def claim(self, address: str) -> bool:
        """Listen on `address`; False if another app of this user already answers there."""
        with _claim_lock(address):
            if answers(address):
                return False
            if not self._server.listen(address):
                log.info("removing the stale socket %s (%s)", address,
                         self._server.errorString())
                QLocalServer.removeServer(address)
                if not self._server.listen(address):
                    raise KenningError(
                        f"cannot listen on {address}: {self._server.errorString()}")
        return True

    def close(self) -> None:
        """Stop listening and remove the socket (the next launch starts a new app)."""
        self._server.close()

    def _accept(self) -> None:
        while (client := self._server.nextPendingConnection()) is not None:
            client.disconnected.connect(client.deleteLater)
            if sys.platform != "win32" and not is_same_user(int(client.socketDescriptor())):
                log.warning("refused a connection from another user on %s", self.address)
                client.abort()
                continue
            QTimer.singleShot(CLIENT_TIMEOUT_MS, client, client.abort)
            client.readyRead.connect(lambda s=client: self._read(s))
            self._read(client)

    def _read(self, client: QLocalSocket) -> None:
        if not client.canReadLine():
            if client.bytesAvailable() > MAX_LINE:
                client.abort()
            return
        line = bytes(client.readLine(MAX_LINE).data())
        try:
            message = Message.decode(line)
        except KenningError as exc:
            self.answer(client, f"{ERROR_PREFIX}{exc}")
            return
        if message.command is Command.SEARCH:
            if self.search_handler is None:
                self.answer(client, f"{ERROR_PREFIX}this app does not search for others")
            else:
                self.search_handler(message, PendingReply(client))
            return
        log.info("received %s from another launch", message.command)
        self.received.emit(message)
        self.answer(client, OK)

    @staticmethod
    def answer(client: QLocalSocket, reply: str) -> None:
        client.write(f"{reply}\n".encode())
        client.flush()
        client.disconnectFromServer()
