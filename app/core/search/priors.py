"""What a file's place says before its content does: tests, examples, stubs, vendored code.

A search for what code does wants the implementation; tests, examples,
documentation, benchmarks, vendored or legacy copies, re-export files and
type stubs repeat its words and crowd it out. `file_roles` names the roles a
path has; the ranking stage lowers each role by its own measured factor.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache


class Role(StrEnum):
    TEST = "test"
    EXAMPLE = "example"
    DOCS = "docs"
    BENCHMARK = "benchmark"
    VENDORED = "vendored"
    LEGACY = "legacy"
    GENERATED = "generated"
    REEXPORT = "reexport"
    STUB = "stub"


_FOLDERS: dict[str, Role] = {
    **dict.fromkeys(("test", "tests", "__tests__", "__test__", "spec", "specs", "testing",
                     "testdata", "test_data", "fixtures", "e2e", "_tests", "unittests"),
                    Role.TEST),
    **dict.fromkeys(("example", "examples", "demo", "demos", "sample", "samples",
                     "_examples", "cookbook", "tutorial", "tutorials"), Role.EXAMPLE),
    **dict.fromkeys(("doc", "docs", "documentation", "_docs"), Role.DOCS),
    **dict.fromkeys(("bench", "benches", "benchmark", "benchmarks", "perf"), Role.BENCHMARK),
    **dict.fromkeys(("vendor", "vendored", "_vendor", "third_party", "thirdparty",
                     "third-party", "external", "extern", "deps"), Role.VENDORED),
    **dict.fromkeys(("compat", "legacy", "deprecated", "polyfill", "polyfills", "shims",
                     "backports"), Role.LEGACY),
    **dict.fromkeys(("generated", "gen", "__generated__", "autogen"), Role.GENERATED),
}
_TEST_FILE = re.compile(
    r"(^test_.*|test|tests|spec|.*_test|.*_tests|.*[._-](test|spec)|.*(Test|Tests|Spec)|conftest)$")
_REEXPORT_FILES = frozenset((
    "__init__.py", "index.js", "index.ts", "index.mjs", "index.cjs", "index.jsx", "index.tsx",
    "mod.rs", "package-info.java", "__main__.py",
))
_PROSE_SUFFIXES = (".md", ".markdown", ".rst", ".txt", ".adoc", ".asciidoc", ".org", ".rdoc")
# Prose that often has no suffix (a file of that name, no dot): licences, change logs,
# package metadata. `history.py` is code.
_PROSE_STEMS = frozenset((
    "license", "licence", "copying", "copyright", "notice", "authors", "contributors",
    "changelog", "changes", "history", "news", "readme", "pkg-info", "metadata",
))
_GENERATED_FILE = re.compile(r".*([._-]generated|_pb2|\.pb|[._-]gen)$", re.IGNORECASE)


@lru_cache(maxsize=65_536)
def file_roles(rel_path: str) -> frozenset[Role]:
    """The roles of the file at `rel_path` (relative to its root, `/` or `\\` separated)."""
    parts = rel_path.replace("\\", "/").split("/")
    name = parts[-1]
    roles = {_FOLDERS[p.lower()] for p in parts[:-1] if p.lower() in _FOLDERS}
    lowered = name.lower()
    if lowered.endswith(".go"):
        # A Go folder of .go files is a package, whatever its name: cobra's `doc` package
        # writes the docs; Go's documentation is in comments.
        roles.discard(Role.DOCS)
    if lowered.endswith(_PROSE_SUFFIXES) or ("." not in lowered and (
            lowered in _PROSE_STEMS or lowered.startswith(("license-", "licence-")))):
        roles.add(Role.DOCS)
    if lowered.endswith((".d.ts", ".d.mts", ".d.cts", ".pyi")):
        roles.add(Role.STUB)
    stem = name.split(".", 1)[0] if not name.startswith(".") else name
    if _TEST_FILE.match(stem) or ".test." in lowered or ".spec." in lowered:
        roles.add(Role.TEST)
    if lowered in _REEXPORT_FILES:
        roles.add(Role.REEXPORT)
    if _GENERATED_FILE.match(stem):
        roles.add(Role.GENERATED)
    return frozenset(roles)
