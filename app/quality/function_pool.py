"""The stdlib behaviour queries over a pool of lone functions, one a file.

The other sets search whole projects. Sets of web queries over code (and one the issue
keeps back) search a pool of functions instead, each its own file, with or without its
docstring: no file holds two functions, so the per-file signals (coherence, the file
cap, path words) meet a corpus their choices never saw. This builds that shape from the
functions and methods of the stdlib packages the stdlib query sets name (their tests
left out): each dedented into its own numbered file (`f00001.py`, so that no path word
gives the answer away), its docstring kept or removed; a query's answer is its
function's file.
"""

from __future__ import annotations

import ast
import shutil
import sysconfig
import textwrap
from pathlib import Path

from app.core.bias.eval_sets import Query
from app.core.bias.evaluate import EvalQuery, EvalSet

Function = ast.FunctionDef | ast.AsyncFunctionDef


def function_pool_set(queries: list[Query], out: Path, docs: bool) -> EvalSet:
    """The pool in `out`/`function-pool` (`-nodocs` without docstrings), rebuilt from
    this Python's stdlib; queries whose function is not there are left out."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    root = out / ("function-pool" if docs else "function-pool-nodocs")
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    written: dict[tuple[str, str], Path] = {}  # the first of a name defined twice
    count = 0
    for path in _module_files(stdlib, sorted({suffix.split("/")[0] for _, suffix, _ in queries})):
        text = path.read_text("utf-8")
        rel = path.relative_to(stdlib).as_posix()
        lines = text.splitlines()
        for qualname, node in _functions(text):
            count += 1
            target = root / f"f{count:05d}.py"
            target.write_text(_function_text(lines, node, docs), "utf-8")
            written.setdefault((rel, qualname), target)
    found = []
    for query, suffix, symbols in queries:
        answer = next((target for (rel, qualname), target in written.items()
                       if rel == suffix and f".{qualname}".endswith(f".{symbols[0]}")), None)
        if answer is not None:
            found.append(EvalQuery(query, answer, 1))
    kept = "with" if docs else "without"
    return EvalSet(f"stdlib functions one a file, {kept} docstrings", root, found)


def _module_files(stdlib: Path, packages: list[str]) -> list[Path]:
    files: list[Path] = []
    for package in packages:
        folder = stdlib / package
        if folder.is_dir():
            files += sorted(path for path in folder.rglob("*.py")
                            if "test" not in path.relative_to(folder).parts[:-1])
        elif (stdlib / f"{package}.py").is_file():
            files.append(stdlib / f"{package}.py")
    return files


def _functions(source: str) -> list[tuple[str, Function]]:
    """(qualified name, node) of a module's functions and methods, those defined under
    an `if` or `try` too (`if sys.platform == "win32": ... else: def sendfds`), not
    those nested in functions."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    found: list[tuple[str, Function]] = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                found.append((prefix + child.name, child))
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")
            elif not isinstance(child, ast.expr):
                walk(child, prefix)
    walk(tree, "")
    return found


def _function_text(lines: list[str], node: Function, docs: bool) -> str:
    """The function's lines (its decorators too), dedented; without `docs`, its
    docstring removed (a function that was only a docstring keeps a `pass`)."""
    first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
    text = lines[first:node.end_lineno]
    head = node.body[0]
    if (not docs and isinstance(head, ast.Expr) and isinstance(head.value, ast.Constant)
            and isinstance(head.value.value, str) and head.end_lineno is not None
            and head.lineno > node.lineno):
        start, end = head.lineno - 1 - first, head.end_lineno - first
        indent = text[start][:len(text[start]) - len(text[start].lstrip())]
        text = text[:start] + ([] if len(node.body) > 1 else [f"{indent}pass"]) + text[end:]
    return textwrap.dedent("\n".join(text)) + "\n"
