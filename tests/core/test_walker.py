"""The file walker: ignore files, defaults, secrets, limits, links."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.files.rules import IgnoreOptions
from app.core.files.walker import Candidate, Skipped, walk


def _tree(root: Path, files: dict[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)


def _walk(root: Path, **options: object) -> tuple[set[str], dict[str, str]]:
    found: set[str] = set()
    skipped: dict[str, str] = {}
    for item in walk(root, IgnoreOptions(**options)):  # type: ignore[arg-type]
        if isinstance(item, Candidate):
            found.add(item.rel_path)
        else:
            assert isinstance(item, Skipped)
            skipped[item.path.relative_to(root).as_posix()] = item.reason
    return found, skipped


def test_defaults_gitignore_and_nested_ignore_files(tmp_path: Path) -> None:
    _tree(tmp_path, {
        "src/app.py": "x = 1\n",
        "src/gen/out.py": "x = 2\n",
        "src/keep.log": "kept by negation\n",
        "src/debug.log": "ignored\n",
        "node_modules/lib/index.js": "x\n",
        ".git/config": "[core]\n",
        "build/lib.py": "x\n",
        "web/app.min.js": "x\n",
        "package-lock.json": "{}\n",
        ".gitignore": "*.log\n!keep.log\n",
        "src/.gitignore": "gen/\n",
        "docs/.ignore": "draft.md\n",
        "docs/draft.md": "wip\n",
        "docs/guide.md": "text\n",
        "env/pyvenv.cfg": "home = /usr\n",
        "env/lib/site.py": "x\n",
    })
    found, _ = _walk(tmp_path)
    assert found == {"src/app.py", "src/keep.log", ".gitignore", "src/.gitignore",
                     "docs/.ignore", "docs/guide.md"}


def test_ignore_files_can_be_turned_off(tmp_path: Path) -> None:
    _tree(tmp_path, {"a.py": "x\n", "b.py": "y\n", ".gitignore": "b.py\n"})
    found, _ = _walk(tmp_path, respect_ignore_files=False)
    assert {"a.py", "b.py"} <= found


def test_parent_repository_gitignore_applies_to_a_subfolder(tmp_path: Path) -> None:
    _tree(tmp_path, {".git/HEAD": "ref\n", ".gitignore": "secret_dir/\n",
                     "pkg/secret_dir/x.py": "x\n", "pkg/ok.py": "y\n"})
    found, _ = _walk(tmp_path / "pkg")
    assert found == {"ok.py"}


def test_root_inside_a_folder_named_like_a_default_ignore(tmp_path: Path) -> None:
    root = tmp_path / "build" / "project"
    _tree(root, {"main.py": "x\n"})
    found, _ = _walk(root)
    assert found == {"main.py"}


def test_secrets_are_skipped_with_a_reason(tmp_path: Path) -> None:
    _tree(tmp_path, {".env": "TOKEN=1\n", "deploy/id_rsa": "key\n", "certs/server.pem": "x\n",
                     "main.py": "x\n"})
    found, skipped = _walk(tmp_path)
    assert found == {"main.py"}
    assert set(skipped) == {".env", "deploy/id_rsa", "certs/server.pem"}
    assert all(reason.startswith("likely secret") for reason in skipped.values())


def test_large_files_and_binary_names(tmp_path: Path) -> None:
    _tree(tmp_path, {"big.py": "x = 1\n" * 1000, "logo.png": b"\x89PNG", "small.py": "y\n"})
    found, skipped = _walk(tmp_path, max_file_bytes=100)
    assert found == {"small.py"}
    assert skipped["big.py"].startswith("too large")


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    _tree(outside, {"leak.py": "x\n"})
    root = tmp_path / "root"
    _tree(root, {"a.py": "x\n"})
    (root / "loop").symlink_to(root)
    (root / "out").symlink_to(outside)
    (root / "leak.py").symlink_to(outside / "leak.py")
    found, _ = _walk(root)
    assert found == {"a.py"}


@pytest.mark.skipif(getattr(os, "geteuid", lambda: -1)() == 0,
                    reason="root can read everything")
def test_unreadable_folder_is_reported(tmp_path: Path) -> None:
    _tree(tmp_path, {"locked/a.py": "x\n", "b.py": "y\n"})
    (tmp_path / "locked").chmod(0)
    try:
        found, skipped = _walk(tmp_path)
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert found == {"b.py"}
    assert skipped["locked"].startswith("unreadable folder")


def test_deep_nesting_does_not_recurse(tmp_path: Path) -> None:
    folder = tmp_path
    for i in range(200):
        folder = folder / f"d{i}"
    folder.mkdir(parents=True)
    (folder / "deep.py").write_text("x = 1\n")
    found, _ = _walk(tmp_path)
    assert len(found) == 1 and next(iter(found)).endswith("d199/deep.py")
