"""Download and unpack one source package into a cache (a development-time step).

Uses the registries' own clients (pip, npm, apt-get), so it works wherever
those are configured, mirrors and local indexes included. Nothing here runs
when the app searches or indexes.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from pathlib import Path

from app.core.bias.data.sources import Source
from app.core.errors import KenningError

TIMEOUT = 600


@dataclass(frozen=True, slots=True)
class FetchedSource:
    source: Source
    root: Path
    licence: str


def fetch(source: Source, cache: Path, sdist: bool = False) -> FetchedSource:
    """Unpack `source` under `cache` (once) and return where its files are.

    `sdist`: take a PyPI package's source distribution even where a wheel exists
    (it has the project's tests and C sources, as its repository does).
    """
    target = cache / source.ecosystem / f"{_safe(source.name)}-{_safe(source.version)}"
    stamp = target / ".kenning-licence"
    if not stamp.exists():
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        with tempfile.TemporaryDirectory() as tmp:
            if source.ecosystem == "pypi":
                licence = _pypi(source, Path(tmp), target, sdist)
            else:
                download = {"npm": _npm, "debian": _debian}[source.ecosystem]
                licence = download(source, Path(tmp), target)
        stamp.write_text(licence, "utf-8")
    return FetchedSource(source, target, stamp.read_text("utf-8"))


def _run(args: list[str], cwd: Path) -> None:
    proc = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    if proc.returncode != 0:
        raise KenningError(f"{' '.join(args[:3])} failed: {proc.stderr.strip()[-300:]}")


def _pypi(source: Source, tmp: Path, target: Path, sdist: bool) -> str:
    binary = ["--no-binary", ":all:"] if sdist else []
    _run([sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
          "-q", *binary, "-d", str(tmp), f"{source.name}=={source.version}"], tmp)
    (archive,) = list(tmp.iterdir())
    _unpack(archive, target)
    for metadata in [*target.rglob("METADATA"), *target.rglob("PKG-INFO")]:
        fields = Parser().parsestr(metadata.read_text("utf-8", "replace"))
        classifiers = [c.split("::")[-1].strip() for c in fields.get_all("Classifier") or []
                       if c.startswith("License")]
        found = fields.get("License-Expression") or (classifiers[0] if classifiers else None)
        found = found or (fields.get("License") or "").split("\n")[0]
        if found:
            return found[:80]
    return "unknown"


def _npm(source: Source, tmp: Path, target: Path) -> str:
    _run(["npm", "pack", "--silent", f"{source.name}@{source.version}"], tmp)
    (archive,) = list(tmp.glob("*.tgz"))
    _unpack(archive, target)
    manifest = target / "package" / "package.json"
    data = json.loads(manifest.read_text("utf-8")) if manifest.exists() else {}
    licence = data.get("license") or "unknown"
    return licence if isinstance(licence, str) else json.dumps(licence)[:80]


def _debian(source: Source, tmp: Path, target: Path) -> str:
    _run(["apt-get", "download", "-q", f"{source.name}={source.version}"], tmp)
    (archive,) = list(tmp.glob("*.deb"))
    _run(["dpkg-deb", "-x", str(archive), str(target)], tmp)
    copyright_files = list(target.glob("usr/share/doc/*/copyright"))
    if copyright_files:
        for line in copyright_files[0].read_text("utf-8", "replace").splitlines():
            licence = line.split(":", 1)[1].strip() if line.startswith("License:") else ""
            if licence:
                return licence[:80]
    return "see debian/copyright"


def _unpack(archive: Path, target: Path) -> None:
    if archive.suffix in (".whl", ".zip"):
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
    else:
        with tarfile.open(archive) as tf:
            tf.extractall(target, filter="data")


def _safe(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in text)
