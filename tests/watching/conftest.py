"""Fixtures for the folder-watching tests: real trees, the real model, real observers.

Nothing waits a fixed time for the watcher: every check polls a condition
(the index, a search) every 100 ms up to a timeout.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from app.core.store.store import Store
from app.core.watching.service import (
    BatchReport,
    WatchCallbacks,
    WatchOptions,
    WatchService,
)
from app.core.watching.state import RootWatch
from tests.polling import wait_for


def make_engine(db: Path) -> Engine:
    """An engine on `db` with one model thread (see WatchOptions on why one)."""
    return Engine(EngineConfig(db_path=db, threads=1))


def indexed_paths(db: Path) -> set[str]:
    with Store(db, readonly=True) as store:
        return {row[0] for row in store.conn.execute("SELECT path FROM files")}


@dataclass
class Watching:
    """A WatchService running in this process on `tree`, and what it reported."""

    tree: Path
    db: Path
    engine: Engine
    service: WatchService
    batches: list[BatchReport] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    watches: list[RootWatch] = field(default_factory=list)

    def found(self, word: str) -> set[str]:
        """Paths (relative to the tree) of the snippets a lexical search for `word` finds."""
        response = self.engine.search(SearchRequest(word, k=20, mode=Mode.LEXICAL))
        return {Path(r.path).relative_to(self.tree).as_posix() for r in response.results}

    def files(self) -> set[str]:
        return {Path(p).relative_to(self.tree).as_posix() for p in indexed_paths(self.db)}

    def wait_found(self, word: str, expected: set[str], timeout: float = 60.0) -> None:
        wait_for(lambda: self.found(word) == expected,
                 f"a search for {word!r} to find {sorted(expected)}", timeout)

    def batches_after(self, count: int) -> list[BatchReport]:
        return self.batches[count:]

    def wait_indexed(self, seen: int, files: int, timeout: float = 60.0) -> list[BatchReport]:
        """The batches since the first `seen`, once they have indexed `files` files.

        A file is searchable a moment before its batch is reported.
        """
        return wait_for(lambda: sum(b.report.files_indexed for b in self.batches[seen:]) >= files
                        and self.batches[seen:], f"batches indexing {files} files", timeout)


@pytest.fixture
def watch(tmp_path: Path) -> Iterator[Callable[..., Watching]]:
    """Start a WatchService on a tree (prepared by the test first); stopped at teardown."""
    started: list[Watching] = []

    def start(tree: Path, options: WatchOptions | None = None, db: Path | None = None
              ) -> Watching:
        db = db or tmp_path / "watch.db"
        engine = make_engine(db)
        watching = Watching(tree, db, engine, WatchService(engine, [tree], options))
        watching.service.callbacks = WatchCallbacks(batch=watching.batches.append,
                                                    error=watching.errors.append,
                                                    watch=watching.watches.append)
        watching.service.start()
        started.append(watching)
        assert watching.service.wait_scanned(120), watching.service.error
        return watching

    yield start
    for watching in started:
        watching.service.stop()
        assert watching.service.join(60)
