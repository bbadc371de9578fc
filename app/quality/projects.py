"""The evaluation projects: pinned packages, fetched once into a cache.

`bench/quality/projects.toml` names each project's package (PyPI sdist, npm
tarball or Debian package), the folder inside it that is indexed, its main
language and its split; `learn = false` keeps a dev project out of the learned
order's training, as its blind check (`app/quality/learn_order.py`). Fetching uses
the registries' own clients, like the bias data pipeline
(`app/core/bias/data/fetch.py`), so a mirror works too.
"""

from __future__ import annotations

import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.bias.data.fetch import fetch
from app.core.bias.data.sources import Source
from app.core.errors import KenningError
from app.core.paths import cache_dir

Split = Literal["dev", "test"]
SPLITS: tuple[Split, ...] = ("dev", "test")
# The evaluation set in a checkout: <repository>/bench/quality.
DEFAULT_SET_DIR = Path(__file__).resolve().parents[2] / "bench" / "quality"


@dataclass(frozen=True, slots=True)
class Project:
    name: str
    source: Source
    root: str          # the indexed folder, relative to the unpacked package
    language: str
    split: Split
    archive: str | None = None  # a tarball or zip inside the package, unpacked first
    learn: bool = True          # the learned order may train on it (dev: it does)


def load_projects(set_dir: Path = DEFAULT_SET_DIR) -> list[Project]:
    """The projects of `set_dir/projects.toml`, in file order."""
    manifest = set_dir / "projects.toml"
    try:
        data = tomllib.loads(manifest.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KenningError(f"cannot read the evaluation set {manifest}: {exc}") from exc
    projects = []
    for name, entry in data.items():
        ecosystem, _, spec = entry["source"].partition(":")
        package, _, version = spec.partition("==")
        if ecosystem not in ("pypi", "npm", "debian") or not version:
            raise KenningError(f"{manifest}: [{name}] source must be ecosystem:name==version")
        if entry["split"] not in SPLITS:
            raise KenningError(f"{manifest}: [{name}] split must be one of {SPLITS}")
        learn = entry.get("learn", True)
        if not isinstance(learn, bool):
            raise KenningError(f"{manifest}: [{name}] learn must be true or false")
        projects.append(Project(name, Source(ecosystem, package, version), entry["root"],
                                entry["language"], entry["split"], entry.get("archive"),
                                learn))
    return projects


def sources_cache() -> Path:
    return cache_dir() / "quality-sources"


def unpack_archive(archive: Path, into: Path) -> None:
    """Unpack a tarball or a zip (a JDK's `src.zip`) into `into`; neither may write
    outside it (zipfile drops `..` and leading slashes, tarfile's data filter refuses)."""
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(into)
        return
    with tarfile.open(archive) as tf:
        tf.extractall(into, filter="data")


def fetch_project(project: Project, cache: Path | None = None) -> Path:
    """The project's indexed folder, downloading and unpacking it the first time."""
    fetched = fetch(project.source, cache or sources_cache(), sdist=True)
    if project.archive:
        stamp = fetched.root / ".kenning-archive"
        if not stamp.exists():
            unpack_archive(fetched.root / project.archive, fetched.root)
            stamp.touch()
    root = fetched.root / project.root
    if not root.is_dir():
        raise KenningError(f"{project.name}: {project.root} is not in {fetched.root}")
    return root
