"""Property: any sequence of adds, edits, deletes, renames and folder moves, synced at
any points by a full `index` or by a watcher's `update` (paths + moves), leaves the
same index as a fresh build of the final tree.

Real files, the real indexer, store and model; hypothesis picks the sequences
(few examples: each one embeds). Every write gets its own mtime, a second
after the last, as edits spread over time do (see RELIABILITY.md on edits
within one clock tick).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.indexing.indexer import Indexer
from app.core.model.embedder import Embedder
from app.core.store.store import Store
from tests.reliability.helpers import checked_dump, fresh_content

NAMES = ["a.py", "b.py", "sub/c.py", "sub/d.py", "lib/c.py", "e.js"]
FOLDERS = ["sub", "lib"]
WORDS = ["alpha", "beta", "gamma", "delta", "total", "sub", "lib", "py", "js"]
CONTENTS = [
    "def alpha_total(items):\n    \"\"\"Add up the alpha items.\"\"\"\n    return sum(items)\n",
    "def beta_join(parts):\n    \"\"\"Join the beta parts with commas.\"\"\"\n"
    "    return ','.join(parts)\n",
    "class Gamma:\n    def delta(self, x):\n        return x * 2\n\n"
    "    def total(self, xs):\n        return sum(self.delta(x) for x in xs)\n",
    "",  # an empty file
]

operations = st.lists(st.one_of(
    st.tuples(st.just("write"), st.sampled_from(NAMES), st.integers(0, len(CONTENTS) - 1)),
    st.tuples(st.just("delete"), st.sampled_from(NAMES)),
    st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
    st.tuples(st.just("move_folder"), st.sampled_from(FOLDERS), st.sampled_from(FOLDERS)),
    st.tuples(st.just("sync"), st.sampled_from(["index", "update"])),
), min_size=1, max_size=14)


@dataclass
class Tree:
    """The tree on disk and what a watcher would have seen since the last sync."""

    root: Path
    changed: set[Path] = field(default_factory=set)
    moves: list[tuple[Path, Path]] = field(default_factory=list)
    clock: int = 1_700_000_000

    def apply(self, op: tuple) -> None:
        kind, *args = op
        if kind == "write":
            path = self.root / args[0]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(CONTENTS[args[1]])
            self.clock += 1
            os.utime(path, ns=(self.clock * 10**9, self.clock * 10**9))
            self.changed.add(path)
        elif kind == "delete" and (path := self.root / args[0]).exists():
            path.unlink()
            self.changed.add(path)
        elif kind in ("rename", "move_folder"):
            old, new = self.root / args[0], self.root / args[1]
            if old == new or not old.exists() or (kind == "move_folder" and new.exists()):
                return
            new.parent.mkdir(parents=True, exist_ok=True)
            os.replace(old, new)
            self.moves.append((old, new))

    def sync(self, indexer: Indexer, how: str) -> None:
        if how == "index":
            indexer.index([self.root])
        else:
            indexer.update(self.changed, self.moves)
        self.changed, self.moves = set(), []


def fts_view(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Which snippets (path, first line) each word finds in the full-text index."""
    with Store(db, readonly=True) as store:
        return {word: store.conn.execute(
            "SELECT f.path, c.start_line FROM chunk_fts JOIN chunks c ON c.id = chunk_fts.rowid "
            "JOIN files f ON f.id = c.file_id WHERE chunk_fts MATCH ? ORDER BY 1, 2",
            (word,)).fetchall() for word in WORDS}


# CI runs a few examples; KENNING_PROPERTY_EXAMPLES=200 searches harder.
EXAMPLES = int(os.environ.get("KENNING_PROPERTY_EXAMPLES", "12"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ops=operations, last=st.sampled_from(["index", "update"]))
def test_any_history_gives_the_index_of_a_fresh_build(
        ops: list[tuple], last: str, embedder: Embedder) -> None:
    base = Path(tempfile.mkdtemp(prefix="kenning-prop-"))
    try:
        tree = Tree(base / "tree")
        tree.root.mkdir()
        # A root that holds nothing at all keeps its index (an unmounted drive's mount
        # point: RELIABILITY.md); an ignored folder keeps this one a project's, emptied.
        (tree.root / "__pycache__").mkdir()
        db = base / "index.db"
        with Store(db) as store:
            indexer = Indexer(store, lambda: embedder)
            indexer.index([tree.root])
            for op in ops:
                if op[0] == "sync":
                    tree.sync(indexer, op[1])
                else:
                    tree.apply(op)
            tree.sync(indexer, last)
        history = checked_dump(db).content()
        fresh_db = base / "fresh.db"
        assert history == fresh_content(tree.root, fresh_db, embedder)
        assert fts_view(db) == fts_view(fresh_db)
    finally:
        shutil.rmtree(base)
