"""Helpers of the reliability tests: code trees, in-process indexing, index checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from app.core.files.rules import IgnoreOptions
from app.core.indexing.indexer import Indexer, ProgressCallback
from app.core.indexing.progress import IndexReport
from app.core.model.embedder import Embedder
from app.core.store.store import Store
from tests.conftest import REPO, Run
from tests.watching.index_dump import IndexDump, dump_index

# int8 copies of the vectors (migration 3) must go with their snippet as well, and
# a snippet has both its float vector and its int8 copy or neither (not embedded yet).
Q8_ORPHANS = "SELECT count(*) FROM vector_q8 WHERE chunk_id NOT IN (SELECT id FROM chunks)"
Q8_MISSING = ("SELECT count(*) FROM chunk_vectors "
              "WHERE rowid NOT IN (SELECT chunk_id FROM vector_q8)")
Q8_ALONE = ("SELECT count(*) FROM vector_q8 "
            "WHERE chunk_id NOT IN (SELECT rowid FROM chunk_vectors)")


def code_file(i: int, variant: int = 0) -> str:
    """A small Python file with one function of its own (a few dozen tokens)."""
    return (f"def handler_{i}_{variant}(request):\n"
            f"    \"\"\"Handle request kind {i}, revision {variant}.\"\"\"\n"
            f"    return request.get('field_{i}', {i + variant})\n")


def write_code_tree(root: Path, count: int, per_folder: int = 8) -> list[Path]:
    files = []
    for i in range(count):
        folder = root / f"pkg{i // per_folder}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"mod{i}.py"
        path.write_text(code_file(i))
        files.append(path)
    return files


def index_tree(db: Path, trees: Sequence[Path], embedder: Embedder,
               progress: ProgressCallback | None = None) -> IndexReport:
    """Index `trees` into `db` in this process with the shared real model."""
    with Store(db) as store:
        return Indexer(store, lambda: embedder, IgnoreOptions()).index(list(trees), progress)


def checked_dump(db: Path) -> IndexDump:
    """The index's content, after checking it has no orphan or dangling row at all."""
    dump = dump_index(db)
    dump.assert_consistent()
    with Store(db, readonly=True) as store:
        tables = {row[0] for row in store.conn.execute("SELECT name FROM sqlite_master")}
        if "vector_q8" in tables:
            assert store.conn.execute(Q8_ORPHANS).fetchone()[0] == 0
        if {"vector_q8", "chunk_vectors"} <= tables:  # vectors: only once a model is bound
            assert store.conn.execute(Q8_MISSING).fetchone()[0] == 0
            assert store.conn.execute(Q8_ALONE).fetchone()[0] == 0
    return dump


def fresh_content(tree: Path, db: Path, embedder: Embedder) -> tuple[object, ...]:
    """What an index built from scratch on `tree` holds (see IndexDump.content)."""
    index_tree(db, [tree], embedder)
    return checked_dump(db).content()


def kenning(args: Sequence[object], env: dict[str, str], *, prefix: Sequence[str] = (),
            stdin: str | None = None, timeout: float = 300) -> Run:
    """Run the CLI in a fresh interpreter (behind `prefix`, e.g. setpriv)."""
    proc = subprocess.run([*prefix, sys.executable, "-m", "app", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=REPO, timeout=timeout,
                          env={**os.environ, **env})
    return Run(proc.returncode, proc.stdout, proc.stderr)


def one_clear_line(stderr: str) -> str:
    """The single `kenning: ...` line a failure must print (never a traceback)."""
    assert "Traceback" not in stderr, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kenning: "), stderr
    return lines[0]


def without_dac_override() -> list[str]:
    """A command prefix under which root obeys file modes, or [] if none works here.

    Root ignores `chmod 000`; without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
    it does not, so unreadable files can be tested as they are for users.
    """
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return []
    prefix = [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]
    probe = subprocess.run([*prefix, "true"], capture_output=True)
    return prefix if probe.returncode == 0 else []
