"""The doc-derived package guards: every documented function a query, over the
package's code with its documentation stripped."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.bias.data.sources import Source
from app.core.errors import KenningError
from app.quality.evaluate import harness_engine
from app.quality.package_sets import package_set

MODULE = '''"""Helpers for strings."""


def slugify(text, sep="-"):
    """Turn a title into a lower-case slug for a URL."""
    words = text.lower().split()
    kept = [w for w in words if w.isalnum()]
    return sep.join(kept)


def pairwise(items):
    """Yield each item with the one after it."""
    previous = None
    for item in items:
        if previous is not None:
            yield previous, item
        previous = item


def undocumented(x):
    y = x + 1
    z = y * 2
    return z
'''


def test_every_documented_function_is_a_query_over_its_stripped_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The package as the fetcher leaves it in its cache: nothing is downloaded.
    monkeypatch.setenv("KENNING_CACHE_DIR", str(tmp_path / "cache"))
    package = tmp_path / "cache" / "bias-sources" / "pypi" / "strtools-1.0"
    (package / "strtools").mkdir(parents=True)
    (package / "strtools" / "text.py").write_text(MODULE, "utf-8")
    (package / ".kenning-licence").write_text("MIT", "utf-8")
    counter = harness_engine(tmp_path / "guard.db").query_embedder().count_tokens

    eval_set = package_set(Source("pypi", "strtools", "1.0"), tmp_path / "work", counter)

    assert eval_set.name.startswith("strtools 1.0, doc-derived queries")
    assert len(eval_set.queries) == 2  # both documented functions, however many a package
    answers = {q.path.name for q in eval_set.queries}
    assert answers == {"text.py"}
    stripped = eval_set.queries[0].path.read_text("utf-8")
    assert "def slugify" in stripped and "def undocumented" in stripped
    assert "Turn a title" not in stripped and "Yield each item" not in stripped
    lines = stripped.splitlines()
    assert {lines[q.line - 1].split("(")[0] for q in eval_set.queries} == {
        "def slugify", "def pairwise"}
    # built once: a second call reads what the first wrote
    assert package_set(Source("pypi", "strtools", "1.0"), tmp_path / "work", counter
                       ).queries == eval_set.queries


def test_a_package_that_cannot_be_had_is_a_clear_error_and_is_tried_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KENNING_CACHE_DIR", str(tmp_path / "cache"))
    package = tmp_path / "cache" / "bias-sources" / "pypi" / "nodocs-1.0"
    package.mkdir(parents=True)
    (package / "plain.py").write_text("def f(x):\n    y = x\n    return y\n", "utf-8")
    (package / ".kenning-licence").write_text("MIT", "utf-8")
    counter = harness_engine(tmp_path / "guard.db").query_embedder().count_tokens
    with pytest.raises(KenningError, match="no documented function"):
        package_set(Source("pypi", "nodocs", "1.0"), tmp_path / "work", counter)
    assert not (tmp_path / "work" / "nodocs-doc-derived").exists()
