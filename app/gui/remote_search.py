"""Searches asked by `kenning search` while the app runs: answered with its warm engine.

The command line then needs neither the model nor the index opened: it sends
the request over the app's socket (`app.core.instance`, Command.SEARCH) and
prints the answer. The search runs on a thread of its own (never the UI
thread), with the window's engine (its model already loaded) and a
read-only connection of that thread; requests are answered in turn, none is
skipped. An asker that uses another model file than the window gets an
error reply, and searches the index itself.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.engine import Engine
from app.core.errors import KenningError
from app.core.instance import ERROR_PREFIX, OK, Message
from app.core.search.request import SearchResponse
from app.core.search.wire import decode_request, encode_response
from app.gui.search_worker import SearchWorker
from app.gui.single_instance import PendingReply
from app.gui.threads import WorkerThread


class RemoteSearches(QObject):
    _submit = Signal(int, object)

    def __init__(self, engine: Engine, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._engine = engine
        self._tickets = itertools.count(1)
        self._waiting: dict[int, PendingReply] = {}
        self._worker = SearchWorker(engine, supersede=False)
        self._thread = WorkerThread(self._worker, "remote-search", self,
                                    on_finish=self._worker.close)
        self._submit.connect(self._worker.search)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)

    def answer(self, message: Message, reply: PendingReply) -> None:
        """Run the search `message` carries; `reply` gets the results or the reason not."""
        try:
            request, model = decode_request(message.args[0] if message.args else "")
            self._check_model(model)
        except KenningError as exc:
            reply.send(f"{ERROR_PREFIX}{exc}")
            return
        ticket = next(self._tickets)
        self._waiting[ticket] = reply
        self._submit.emit(ticket, request)

    def shutdown(self) -> None:
        self._thread.stop()
        for reply in self._waiting.values():
            reply.send(f"{ERROR_PREFIX}the app is closing")
        self._waiting.clear()

    def _check_model(self, model: str) -> None:
        mine = self._engine.config.model_path
        theirs = Path(model).expanduser().absolute() if model else None
        if (mine.absolute() if mine else None) != theirs:
            raise KenningError(f"the app uses {mine or 'the default model'}, not "
                               f"{model or 'the default model'}")

    def _on_finished(self, ticket: int, response: SearchResponse) -> None:
        reply = self._waiting.pop(ticket, None)
        if reply is not None:
            reply.send(f"{OK} {encode_response(response)}")

    def _on_failed(self, ticket: int, message: str) -> None:
        reply = self._waiting.pop(ticket, None)
        if reply is not None:
            reply.send(f"{ERROR_PREFIX}{message}")
