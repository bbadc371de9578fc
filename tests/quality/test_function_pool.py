"""The function-pool guard: each stdlib function alone in a file, docstring kept or not."""

from __future__ import annotations

import ast
from pathlib import Path

from app.quality.function_pool import function_pool_set

QUERIES = [
    ("turn a python object into a JSON formatted string", "json/__init__.py", ("dumps",)),
    ("decode a JSON document", "json/decoder.py", ("JSONDecoder.decode",)),
    # defined under `if sys.platform == 'win32': ... else:`
    ("send descriptors over a socket", "multiprocessing/reduction.py", ("sendfds",)),
    ("a function the stdlib does not have", "json/__init__.py", ("no_such_function",)),
]


def test_each_answer_is_its_function_alone_with_or_without_its_docstring(tmp_path: Path) -> None:
    kept = function_pool_set(QUERIES, tmp_path, docs=True)
    removed = function_pool_set(QUERIES, tmp_path, docs=False)
    assert [q.query for q in kept.queries] == [q for q, _, _ in QUERIES[:3]]
    assert len(list(kept.root.iterdir())) == len(list(removed.root.iterdir())) > 20
    for with_doc, without_doc, name in zip(kept.queries, removed.queries,
                                            ("dumps", "decode", "sendfds"), strict=True):
        assert with_doc.path.name == without_doc.path.name and with_doc.line == 1
        full, bare = with_doc.path.read_text("utf-8"), without_doc.path.read_text("utf-8")
        for text in (full, bare):
            (function,) = ast.parse(text).body  # one function, dedented: it parses alone
            assert isinstance(function, ast.FunctionDef) and function.name == name
        assert ast.get_docstring(ast.parse(full).body[0]) is not None
        assert ast.get_docstring(ast.parse(bare).body[0]) is None
        assert len(bare) < len(full)
