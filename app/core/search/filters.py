"""Language and path filters, as one SQL condition over `files f` and `chunks c`,
and the chunk ids a filter keeps, for the in-memory indexes."""

from __future__ import annotations

from pathlib import Path

import apsw
import numpy as np

from app.core.chunking.languages import grammar_name
from app.core.search.snapshot import remembered
from app.core.store.folder_paths import folder_prefix

GLOB_CHARS = frozenset("*?[")


def filter_sql(languages: tuple[str, ...], paths: tuple[str, ...]) -> tuple[str, list[object]]:
    """`(condition, parameters)`; the condition is "1" when nothing is filtered.

    A path that names an existing folder keeps results under it; a glob is
    matched against the path relative to its root and the absolute path; any
    other text keeps paths that contain it.
    """
    clauses: list[str] = []
    params: list[object] = []
    if languages:
        names = [grammar_name(lang) for lang in languages]
        clauses.append(f"c.language IN ({', '.join('?' * len(names))})")
        params.extend(names)
    if paths:
        alternatives: list[str] = []
        for raw in paths:
            folder = Path(raw).expanduser()
            if folder.is_dir():
                alternatives.append("f.path GLOB ?")
                params.append(_glob_escape(folder_prefix(str(folder.absolute()))) + "*")
            elif GLOB_CHARS & set(raw):
                alternatives.append("(f.rel_path GLOB ? OR f.path GLOB ?)")
                params.extend([raw, raw])
            else:
                alternatives.append("instr(f.rel_path, ?) > 0")
                params.append(raw)
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return (" AND ".join(clauses) or "1"), params


def _glob_escape(text: str) -> str:
    return "".join(f"[{ch}]" if ch in GLOB_CHARS else ch for ch in text)


def filtered_ids(conn: apsw.Connection, where: str, params: list[object]) -> np.ndarray:
    """The chunk ids (int64, ascending) the condition `where` keeps, as `conn` sees them.

    Asked of SQL once and kept while the database does not change: a window
    re-running one filter for every keystroke asks SQL once. Call inside the
    search's read transaction.
    """
    return remembered(conn, ("filter", where, tuple(params)), lambda: np.fromiter(
        (row[0] for row in conn.execute(
            f"SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id WHERE {where} "
            "ORDER BY c.id", params)), dtype=np.int64))
