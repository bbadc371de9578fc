"""Kenning's own evaluation set (bench/quality) is whole and never trained on."""

from __future__ import annotations

import re
import tarfile
import zipfile
from collections import Counter
from pathlib import Path

from app.core.bias.data.sources import load_manifest
from app.quality.judgments import load_judgments
from app.quality.projects import SPLITS, load_projects, unpack_archive


def _package(ecosystem: str, name: str) -> tuple[str, str]:
    return ecosystem, re.sub(r"[-_.]+", "-", name.lower())


def test_every_project_has_thirty_queries_of_each_kind_with_an_answer() -> None:
    for project in load_projects():
        judgments = load_judgments(project)
        assert len(judgments) == 30, project.name
        assert len({j.id for j in judgments}) == 30, project.name
        assert all(j.id.startswith(f"{project.name}-") for j in judgments), project.name
        assert Counter(j.kind for j in judgments) == {
            "behaviour": 12, "architecture": 8, "symbol": 10}, project.name
        for j in judgments:
            assert any(r.grade == 2 for r in j.relevant), j.id
            assert all(1 <= r.start <= r.end for r in j.relevant), j.id


def test_both_splits_cover_most_languages_and_dev_is_not_the_smaller() -> None:
    """Dev grows (the learned order learns from it, 7 Dec); the test split keeps its 13."""
    projects = load_projects()
    by_split = {split: [p for p in projects if p.split == split] for split in SPLITS}
    assert len(by_split["test"]) >= 13
    assert len(by_split["dev"]) >= len(by_split["test"])
    for members in by_split.values():
        assert len({p.language for p in members}) >= 8


def test_no_evaluation_project_is_a_training_package_of_the_matrix() -> None:
    # Its test packages only judge it (lodash is one); validation chose its epoch.
    training = {_package(s.ecosystem, s.name) for s in load_manifest() if s.split() != "test"}
    for project in load_projects():
        package = _package(project.source.ecosystem, project.source.name)
        assert package not in training, project.name


def test_a_zip_inside_a_package_unpacks_and_cannot_write_outside(tmp_path: Path) -> None:
    archive = tmp_path / "pkg" / "src.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("mod/a/Thing.java", "class Thing {}\n")
        zf.writestr("../escaped.txt", "no")
    into = tmp_path / "pkg"
    unpack_archive(archive, into)
    assert (into / "mod" / "a" / "Thing.java").read_text() == "class Thing {}\n"
    assert not (tmp_path / "escaped.txt").exists()


def test_a_tarball_inside_a_package_unpacks(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "lib").mkdir(parents=True)
    (source / "lib" / "x.c").write_text("int x;\n")
    archive = tmp_path / "src.tar.gz"
    with tarfile.open(archive, "w:gz") as tf:
        tf.add(source, arcname="src")
    into = tmp_path / "out"
    into.mkdir()
    unpack_archive(archive, into)
    assert (into / "src" / "lib" / "x.c").read_text() == "int x;\n"
