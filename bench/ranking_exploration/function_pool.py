"""The stdlib behaviour queries over a pool of lone functions, one a file.

The guard sets search whole packages; a set of web queries over a pool of functions
(each its own file, as code-search data sets hold them) is another shape of corpus: no
file holds two functions, so per-file signals (coherence, the file cap, path words)
meet a corpus they were not measured on. This builds that shape from the functions
and methods of the stdlib packages both stdlib query sets name (each dedented into its
own file, numbered `f00001.py`, or named for its package and qualified name with
`named`; its docstring removed with `nodocs`), indexes it, and prints each
configuration's MRR on the 187 queries.

    PYTHONPATH=. python bench/ranking_exploration/function_pool.py docs|nodocs [named]
"""

from __future__ import annotations

import ast
import shutil
import sys
import sysconfig
import textwrap
from pathlib import Path

from app.core.bias.eval_sets import STDLIB_QUERIES_2, stdlib_queries
from app.core.bias.evaluate import EvalQuery, EvalSet, evaluate_set
from app.quality.evaluate import CONFIGURATIONS, harness_engine

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def functions(path: Path) -> list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """(qualified name, node) of the functions and methods of a module, not those
    nested in functions."""
    try:
        tree = ast.parse(path.read_text("utf-8"))
    except (SyntaxError, UnicodeDecodeError):
        return []
    out = []

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                out.append((prefix + child.name, child))
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}{child.name}.")
    walk(tree, "")
    return out


def function_text(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef,
                  docs: bool) -> str:
    first = min([node.lineno] + [d.lineno for d in node.decorator_list]) - 1
    keep = lines[first:node.end_lineno]
    body = node.body
    if (not docs and body and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str)):
        start, end = body[0].lineno - 1 - first, body[0].end_lineno - first
        if len(body) == 1:
            keep = keep[:start] + [" " * (len(keep[start]) - len(keep[start].lstrip())) + "pass"] \
                + keep[end:]
        else:
            keep = keep[:start] + keep[end:]
    return textwrap.dedent("\n".join(keep)) + "\n"


def build(root: Path, docs: bool, named: bool) -> EvalSet:
    queries = stdlib_queries() + stdlib_queries(STDLIB_QUERIES_2)
    packages = sorted({suffix.split("/")[0] for _, suffix, _ in queries})
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    where: dict[tuple[str, str], Path] = {}
    number = 0
    for package in packages:
        base = STDLIB / package
        files = sorted(base.rglob("*.py")) if base.is_dir() else [STDLIB / f"{package}.py"]
        for path in files:
            if "test" in path.relative_to(STDLIB).parts[1:-1] or not path.is_file():
                continue
            lines = path.read_text("utf-8").splitlines()
            rel = path.relative_to(STDLIB).as_posix()
            for qualname, node in functions(path):
                number += 1
                stem = (rel[:-3].replace("/", "_") + "__" + qualname.replace(".", "_")
                        if named else f"f{number:05d}")
                out = root / f"{stem}.py"
                out.write_text(function_text(lines, node, docs), "utf-8")
                where.setdefault((rel, qualname), out)
    found = []
    for query, suffix, symbols in queries:
        for symbol in symbols:
            hits = [p for (rel, q), p in where.items()
                    if rel == suffix and (q == symbol or q.endswith("." + symbol))]
            if hits:
                found.append(EvalQuery(query, hits[0], 1))
                break
    print(f"{number} functions, {len(found)} of {len(queries)} queries placed", flush=True)
    return EvalSet("function pool", root, found)


def main() -> None:
    docs = sys.argv[1] == "docs"
    named = "named" in sys.argv[2:]
    tag = f"{sys.argv[1]}-{'named' if named else 'numbered'}"
    work = Path("/tmp/function-pool")
    eval_set = build(work / tag, docs, named)
    engine = harness_engine(work / f"{tag}.db")
    table = evaluate_set(engine, eval_set, CONFIGURATIONS)
    for name, metrics in table.items():
        print(f"{tag}  {name:18s} MRR {metrics.mrr:.4f}  R@1 {metrics.recall_at_1:.3f}  "
              f"R@10 {metrics.recall_at_10:.3f}")


if __name__ == "__main__":
    main()
