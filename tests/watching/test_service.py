"""The watch service in this process: real files, real model, real observers."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.store.store import Store
from app.core.watching.queue import URGENT_PATHS
from app.core.watching.service import WatchOptions
from tests.polling import wait_for
from tests.watching.conftest import Watching, make_engine
from tests.watching.index_dump import dump_index

StartWatching = Callable[..., Watching]

QUATERNION = '''\
def slerpify(q0, q1, t):
    """Spherical linear interpolation between two unit quaternions."""
    dot = sum(a * b for a, b in zip(q0, q1))
    if dot < 0:
        q1, dot = [-c for c in q1], -dot
    theta = math.acos(min(dot, 1.0)) * t
    return [a * math.cos(theta) + b * math.sin(theta) for a, b in zip(q0, q1)]
'''


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    (tree / "util").mkdir(parents=True)
    (tree / "util" / "text.py").write_text('def shout(words):\n    """Upper-case every word."""\n'
                                           "    return [w.upper() for w in words]\n")
    return tree


def _vector_of(db: Path, word: str) -> tuple[int, bytes]:
    with Store(db, readonly=True) as store:
        return store.conn.execute(
            "SELECT c.id, v.embedding FROM chunks c JOIN chunk_vectors v ON v.rowid = c.id "
            "WHERE c.text LIKE ?", (f"%{word}%",)).fetchone()


def _fresh_equals_watched(watching: Watching, tmp_path: Path) -> None:
    watching.service.stop()
    assert watching.service.join(60)
    fresh_db = tmp_path / "fresh.db"
    make_engine(fresh_db).index([watching.tree])
    watched, fresh = dump_index(watching.db), dump_index(fresh_db)
    watched.assert_consistent()
    assert watched.content() == fresh.content()


def test_create_edit_rename_delete(tmp_path: Path, watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    watching = watch(tree)
    (tree / "util" / "rotation.py").write_text("import math\n\n\n" + QUATERNION)
    watching.wait_found("slerpify", {"util/rotation.py"})

    (tree / "util" / "rotation.py").write_text(
        "import math\n\n\n" + QUATERNION.replace("slerpify", "twirlify"))
    watching.wait_found("twirlify", {"util/rotation.py"})
    assert watching.found("slerpify") == set()

    chunk_before = _vector_of(watching.db, "twirlify")
    seen = len(watching.batches)
    os.rename(tree / "util" / "rotation.py", tree / "geometry.py")
    watching.wait_found("twirlify", {"geometry.py"})
    assert _vector_of(watching.db, "twirlify") == chunk_before  # same row, vector
    wait_for(lambda: watching.batches_after(seen), "the rename's batch")
    assert sum(b.report.snippets_embedded for b in watching.batches_after(seen)) == 0
    assert sum(b.report.files_moved for b in watching.batches_after(seen)) == 1

    (tree / "geometry.py").unlink()
    wait_for(lambda: watching.files() == {"util/text.py"}, "the deleted file to go")
    assert watching.found("twirlify") == set()
    assert not watching.errors
    _fresh_equals_watched(watching, tmp_path)


def test_atomic_saves_and_editor_litter(tmp_path: Path, watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    target = tree / "util" / "text.py"
    watching = watch(tree)
    seen = len(watching.batches)

    temporary = tree / "util" / ".goutputstream-7YH2KQ"  # gedit, GNOME Builder
    temporary.write_text(target.read_text().replace("shout", "bellow"))
    os.replace(temporary, target)
    watching.wait_found("bellow", {"util/text.py"})

    temporary = tree / "util" / "tmp3k9x_text.py"  # a name no rule knows: still one file
    temporary.write_text(target.read_text().replace("bellow", "holler"))
    os.replace(temporary, target)
    watching.wait_found("holler", {"util/text.py"})

    backup = tree / "util" / "text.py~"  # vim/emacs: keep a backup, write anew
    os.rename(target, backup)
    target.write_text(backup.read_text().replace("holler", "yell"))
    backup.unlink()
    watching.wait_found("yell", {"util/text.py"})

    assert watching.files() == {"util/text.py"}
    batches = watching.wait_indexed(seen, 3)
    assert sum(b.report.files_indexed for b in batches) == 3
    assert sum(len(b.report.skipped) for b in batches) == 0
    assert not watching.errors


def test_ignored_paths_produce_no_work(tmp_path: Path, watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    (tree / ".gitignore").write_text("*.log\n")
    watching = watch(tree)
    seen = len(watching.batches)
    for folder in (".git/objects/4f", "node_modules/left-pad", "__pycache__", "dist"):
        (tree / folder).mkdir(parents=True)
        for i in range(30):
            (tree / folder / f"f{i}.js").write_text("module.exports = 1\n")
    (tree / "util" / "server.log").write_text("GET / 200\n" * 100)
    (tree / "util" / ".text.py.swp").write_bytes(b"b0VIM 9.1" + bytes(100))
    (tree / "util" / "icon.png").write_bytes(b"\x89PNG" + bytes(100))
    (tree / "util" / "sentinel.py").write_text("SENTINEL_FLAG = 'watched'\n")
    watching.wait_found("SENTINEL_FLAG", {"util/sentinel.py"})
    batches = watching.wait_indexed(seen, 1)
    assert [b.paths for b in batches] == [1], "only the sentinel was looked at"


def test_folders_moved_and_deleted(tmp_path: Path, watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    for name in ("alpha", "beta", "gamma"):
        (tree / "util" / f"{name}.py").write_text(f"def {name}_parser(text):\n"
                                                  f"    return text.split('{name}')\n")
    watching = watch(tree)
    seen = len(watching.batches)
    (tree / "lib").mkdir()
    os.rename(tree / "util", tree / "lib" / "helpers")
    wait_for(lambda: watching.files() == {f"lib/helpers/{n}.py" for n in
                                           ("text", "alpha", "beta", "gamma")},
             "the moved folder's files")
    assert watching.found("gamma") == {"lib/helpers/gamma.py"}
    assert sum(b.report.snippets_embedded for b in watching.batches_after(seen)) == 0

    shutil.rmtree(tree / "lib")
    wait_for(lambda: watching.files() == set(), "the deleted folder's files to go")
    _fresh_equals_watched(watching, tmp_path)


def test_an_ignore_file_change_is_applied(tmp_path: Path, watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    (tree / "notes.md").write_text("# Deployment notes\nRun the migration first.\n")
    watching = watch(tree)
    (tree / ".gitignore").write_text("*.md\n")
    wait_for(lambda: "notes.md" not in watching.files(), "notes.md to be dropped")
    (tree / ".gitignore").unlink()
    wait_for(lambda: "notes.md" in watching.files(), "notes.md to come back")


def test_changes_made_while_closed_are_found_at_start(tmp_path: Path, watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    (tree / "util" / "rotation.py").write_text("import math\n\n\n" + QUATERNION)
    (tree / "util" / "gone.py").write_text("def soon_gone():\n    return None\n")
    first = watch(tree)
    first.service.stop()
    assert first.service.join(60)

    os.rename(tree / "util", tree / "shared")  # a rename: no embedding at start-up
    (tree / "shared" / "gone.py").unlink()
    (tree / "shared" / "text.py").write_text("def whisper(words):\n    return words.lower()\n")
    (tree / "fresh.py").write_text("def brand_new_helper():\n    return 42\n")

    second = watch(tree, db=first.db)
    scan = second.batches[0]
    assert scan.scan and scan.report.files_moved == 1  # rotation.py
    assert scan.report.files_removed == 2  # util/gone.py, util/text.py (changed while moved)
    assert scan.report.files_indexed == 2  # shared/text.py, fresh.py
    assert scan.report.snippets_embedded == 2
    assert second.found("slerpify") == {"shared/rotation.py"}
    _fresh_equals_watched(second, tmp_path)


def test_polling_follows_changes_and_renames(tmp_path: Path, watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    watching = watch(tree, WatchOptions(poll=True, poll_interval=0.5))
    assert [w.mode for w in watching.watches] == ["polling"]
    (tree / "util" / "rotation.py").write_text("import math\n\n\n" + QUATERNION)
    watching.wait_found("slerpify", {"util/rotation.py"})
    seen = len(watching.batches)
    os.rename(tree / "util" / "rotation.py", tree / "util" / "quaternion.py")
    watching.wait_found("slerpify", {"util/quaternion.py"})
    assert sum(b.report.snippets_embedded for b in watching.batches_after(seen)) == 0


@pytest.mark.slow  # 2,000 files embedded on one thread at a bulk share of a core: ~1 min
def test_a_burst_is_batched_and_matches_a_fresh_index(tmp_path: Path,
                                                      watch: StartWatching) -> None:
    tree = _tree(tmp_path)
    for i in range(10):
        (tree / f"pkg{i}").mkdir()
    watching = watch(tree)
    seen = len(watching.batches)
    # a checkout: 2,000 tiny files, half in existing folders, half in new ones
    for i in range(2000):
        folder = tree / (f"pkg{i % 10}" if i % 2 else f"new{i % 10}")
        folder.mkdir(exist_ok=True)
        (folder / f"m{i}.py").write_text(f"LIMIT_{i} = {i}\n")
    wait_for(lambda: len(watching.files()) > 200, "the burst to be under way", interval=0.2)

    # an edit made meanwhile goes first, and searches answer all along
    (tree / "util" / "text.py").write_text("def zigzagify(words):\n    return words[::-1]\n")
    watching.wait_found("zigzagify", {"util/text.py"})
    assert len(watching.files()) < 2001, "the edit did not wait for the burst"

    def burst_done_while_searchable() -> bool:
        assert watching.found("zigzagify") == {"util/text.py"}
        return sum(b.report.files_indexed for b in watching.batches[seen:]) >= 2001

    wait_for(burst_done_while_searchable, "the burst to be indexed", timeout=240, interval=0.5)
    batches = watching.batches_after(seen)
    bulk = [b for b in batches if not b.urgent]
    print(f"\n2,000-file burst: {len(bulk)} bulk batch(es) + {len(batches) - len(bulk)} "
          "urgent: " + ", ".join(f"{b.paths} paths/{b.report.files_indexed} files in "
                                 f"{b.report.seconds:.1f}s" for b in batches))
    assert len(bulk) <= 3  # one, and one more for each time it gave way to an edit
    assert sum(b.report.files_indexed for b in batches) == 2001
    # The edit; on a loaded machine a writer stalled for longer than the quiet
    # window can also make the burst's last few files look like one.
    assert sum(b.paths for b in batches if b.urgent) <= 2 * URGENT_PATHS
    assert len(watching.files()) == 2001
    _fresh_equals_watched(watching, tmp_path)
