"""What is never indexed: ignore rules (.gitignore, .ignore, defaults) and secrets.

Rules are gitignore patterns, so defaults, user settings and the project's own
ignore files all go through one matcher (pathspec's GitIgnoreSpec).
"""

from __future__ import annotations

import fnmatch
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pathspec

IGNORE_FILES = (".gitignore", ".ignore")

log = logging.getLogger(__name__)

DEFAULT_IGNORES: tuple[str, ...] = (
    # version control, caches, virtualenvs, dependencies, build outputs
    ".git/", ".hg/", ".svn/", ".bzr/", "_darcs/",
    "node_modules/", "bower_components/", "jspm_packages/", "vendor/bundle/",
    "__pycache__/", ".venv/", "venv/", ".tox/", ".nox/", "*.egg-info/", ".eggs/",
    ".mypy_cache/", ".pytest_cache/", ".ruff_cache/", ".hypothesis/", ".ipynb_checkpoints/",
    "site-packages/", "build/", "dist/", "target/", "out/", ".gradle/", ".next/", ".nuxt/",
    ".svelte-kit/", ".parcel-cache/", ".turbo/", ".cache/", "coverage/", "htmlcov/",
    ".terraform/", "Pods/", "DerivedData/", ".idea/", ".vs/", "bazel-*/",
    # lock files and generated or minified code
    "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lockb",
    "Cargo.lock", "poetry.lock", "Pipfile.lock", "uv.lock", "composer.lock", "Gemfile.lock",
    "go.sum", "*.min.js", "*.min.css", "*.map", "*.bundle.js", "*_pb2.py", "*_pb2_grpc.py",
    "*.pb.go", "*.pb.cc", "*.pb.h", "*.generated.*",
    # editors' swap, backup and safe-save files: never worth a snippet, and a
    # watcher must not index them for the instant they exist (vim writes 4913
    # to test a folder; gedit .goutputstream-*; JetBrains *___jb_tmp___).
    "*~", ".#*", "\\#*#", ".*.sw[a-px]", "4913", ".goutputstream-*", "*___jb_tmp___",
    "*___jb_old___", "*.kate-swp", ".nfs*",
)

SECRET_PATTERNS: tuple[str, ...] = (
    ".env", ".env.*", "*.env", ".envrc", "*.pem", "*.key", "*.crt", "*.p12", "*.pfx",
    "*.jks", "*.keystore", "id_rsa*", "id_dsa*", "id_ecdsa*", "id_ed25519*", "*.ppk",
    ".netrc", "_netrc", ".pgpass", ".pypirc", ".npmrc", ".git-credentials", "*.kdbx",
    "credentials", "credentials.json", "*credentials*.json", "service-account*.json",
    "secrets.*", "*.secret", "*.secrets", "*.gpg", "*.ovpn", ".htpasswd", "*.tfstate",
)

BINARY_SUFFIXES = frozenset((
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".icns", ".webp", ".tif", ".tiff", ".psd",
    ".svg", ".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".jar", ".war",
    ".ear", ".class", ".so", ".dylib", ".dll", ".exe", ".o", ".a", ".lib", ".obj", ".pyc", ".pyo",
    ".pyd", ".whl", ".egg", ".mp3", ".mp4", ".wav", ".ogg", ".flac", ".avi", ".mov", ".mkv",
    ".webm", ".ttf", ".otf", ".woff", ".woff2", ".eot", ".db", ".sqlite", ".sqlite3", ".db-wal",
    ".db-shm", ".bin", ".dat", ".pkl", ".pickle", ".npy", ".npz", ".h5", ".hdf5", ".onnx", ".gguf",
    ".safetensors", ".pt", ".pth", ".ckpt", ".parquet", ".arrow", ".feather", ".iso", ".img",
    ".dmg", ".deb", ".rpm", ".apk", ".ipa", ".msi", ".wasm", ".swp", ".swo",
))


@dataclass(frozen=True)
class IgnoreOptions:
    """User-tunable parts of the rules (settings, CLI flags)."""

    extra_patterns: tuple[str, ...] = ()
    max_file_bytes: int = 1_000_000
    respect_ignore_files: bool = True
    exclude_secrets: bool = True


@dataclass
class DirRules:
    """The gitignore specs in force inside one folder, nearest folder last."""

    specs: list[tuple[Path, pathspec.GitIgnoreSpec]] = field(default_factory=list)

    def child(self, folder: Path) -> DirRules:
        spec = _load_ignore_files(folder)
        return DirRules([*self.specs, (folder, spec)]) if spec else self

    def ignores(self, path: Path, is_dir: bool) -> bool:
        # The nearest ignore file that has an opinion wins, like git.
        for base, spec in reversed(self.specs):
            rel = path.relative_to(base).as_posix() + ("/" if is_dir else "")
            verdict = spec.check_file(rel).include
            if verdict is not None:
                return verdict
        return False


def invalid_patterns(lines: Iterable[str]) -> list[str]:
    """The lines that are not gitignore patterns (`!`, a lone `\\`, `[z-a]`)."""
    bad = []
    for line in lines:
        try:
            pathspec.GitIgnoreSpec.from_lines([line])
        except (ValueError, re.error):  # GitIgnorePatternError is a ValueError
            bad.append(line)
    return bad


def ignore_spec(lines: list[str], source: str) -> pathspec.GitIgnoreSpec:
    """The spec of `lines`; a line that is not a pattern is left out, as git does, and
    logged, so that one bad line in a repository's .gitignore stops nothing."""
    try:
        return pathspec.GitIgnoreSpec.from_lines(lines)
    except (ValueError, re.error):
        bad = set(invalid_patterns(lines))
        for line in sorted(bad):
            log.warning("%s: ignored the invalid pattern %r", source, line)
        return pathspec.GitIgnoreSpec.from_lines([line for line in lines if line not in bad])


def _load_ignore_files(folder: Path) -> pathspec.GitIgnoreSpec | None:
    lines: list[str] = []
    for name in IGNORE_FILES:
        try:
            lines.extend((folder / name).read_text("utf-8", "replace").splitlines())
        except OSError:
            continue
    return ignore_spec(lines, f"the ignore files of {folder}") if lines else None


def initial_rules(root: Path, options: IgnoreOptions) -> DirRules:
    """Defaults and user patterns, then ignore files from the enclosing repository down."""
    base = ignore_spec([*DEFAULT_IGNORES, *options.extra_patterns], "ignore settings")
    rules = DirRules([(root, base)])
    if not options.respect_ignore_files:
        return rules
    for folder in _repository_chain(root):
        rules = rules.child(folder)
    exclude = root / ".git" / "info" / "exclude"
    if os.path.isfile(exclude):
        try:
            spec = ignore_spec(exclude.read_text("utf-8", "replace").splitlines(), str(exclude))
            rules = DirRules([*rules.specs, (root, spec)])
        except OSError:
            pass
    return rules


def _repository_chain(root: Path) -> list[Path]:
    """Folders from the enclosing git repository's top down to `root` (inclusive).

    Like git and ripgrep, indexing a sub-folder of a repository honours the
    .gitignore files of its parents. Outside a repository only `root` counts.
    """
    chain = [root]
    for parent in root.parents:
        if os.path.exists(chain[-1] / ".git"):
            break
        chain.append(parent)
    else:
        return [root]
    return list(reversed(chain))


def is_secret(name: str, patterns: Iterable[str] = SECRET_PATTERNS) -> str | None:
    """The secret pattern `name` matches, if any."""
    lowered = name.lower()
    for pattern in patterns:
        if fnmatch.fnmatchcase(lowered, pattern):
            return pattern
    return None


def is_binary_name(name: str) -> bool:
    dot = name.rfind(".")
    return dot > 0 and name[dot:].lower() in BINARY_SUFFIXES
