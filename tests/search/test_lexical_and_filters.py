"""The lexical side's query (FTS5 expression) and the filters' SQL, on a real SQLite."""

from __future__ import annotations

from pathlib import Path

import apsw
import pytest

from app.core.search.filters import filter_sql, filtered_ids
from app.core.search.lexical import fts_query


def test_every_word_is_quoted_so_fts5_syntax_in_a_query_is_inert() -> None:
    assert fts_query("parse the config file") == '"parse" OR "config" OR "file"'
    assert fts_query("parseConfig") == '"parseconfig" OR "parse" OR "config"'
    assert fts_query("the of and") is None  # stop words only
    assert fts_query("") is None
    # Operators, column filters and quotes typed by a user are words, not syntax.
    expression = fts_query('body: NEAR(a b) "x" OR y*')
    assert expression is not None
    db = apsw.Connection(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(symbol, body)")
    db.execute("INSERT INTO t VALUES ('near', 'body or y')")
    assert db.execute("SELECT count(*) FROM t WHERE t MATCH ?", (expression,)).fetchone() == (1,)


def _matching(where: str, params: list[object], rows: list[tuple[str, str, str]]) -> list[str]:
    db = apsw.Connection(":memory:")
    db.execute("CREATE TABLE files(path TEXT, rel_path TEXT); "
               "CREATE TABLE chunks(language TEXT, path TEXT)")
    db.executemany("INSERT INTO files VALUES (?, ?)", [(p, r) for p, r, _ in rows])
    db.executemany("INSERT INTO chunks VALUES (?, ?)", [(lang, p) for p, _, lang in rows])
    return [row[0] for row in db.execute(
        f"SELECT f.path FROM files f JOIN chunks c ON c.path = f.path WHERE {where}", params)]


ROWS = [("/src/app/a.py", "app/a.py", "python"), ("/src/app/tests/t.py", "app/tests/t.py",
                                                   "python"),
        ("/src/web/x.ts", "web/x.ts", "typescript"), ("/src/[odd]*/b.py", "[odd]*/b.py",
                                                      "python")]


def test_no_filter_is_true() -> None:
    assert filter_sql((), ()) == ("1", [])


def test_language_filter_uses_grammar_names() -> None:
    where, params = filter_sql(("TypeScript",), ())
    assert _matching(where, params, ROWS) == ["/src/web/x.ts"]


def test_a_glob_a_piece_of_path_and_a_folder(tmp_path: Path) -> None:
    where, params = filter_sql((), ("*/tests/*",))
    assert _matching(where, params, ROWS) == ["/src/app/tests/t.py"]
    where, params = filter_sql((), ("web/",))
    assert _matching(where, params, ROWS) == ["/src/web/x.ts"]
    folder = tmp_path / "[odd]*"  # a real folder whose name holds GLOB characters
    folder.mkdir()
    rows = [(str(folder / "b.py"), "b.py", "python"), (str(tmp_path / "other.py"), "other.py",
                                                        "python")]
    where, params = filter_sql((), (str(folder),))
    assert _matching(where, params, rows) == [str(folder / "b.py")]


@pytest.mark.parametrize("path", ["*/tests/*", "app/a.py"])
def test_filters_combine(path: str) -> None:
    where, params = filter_sql(("python",), (path,))
    assert all(p.endswith(".py") for p in _matching(where, params, ROWS))


def _database(path: Path, rows: list[tuple[str, str, str]]) -> apsw.Connection:
    db = apsw.Connection(str(path))
    db.execute("CREATE TABLE files(id INTEGER PRIMARY KEY, path TEXT, rel_path TEXT); "
               "CREATE TABLE chunks(id INTEGER PRIMARY KEY, file_id INTEGER, language TEXT)")
    for number, (path_, rel, language) in enumerate(rows, start=1):
        db.execute("INSERT INTO files VALUES (?, ?, ?)", (number, path_, rel))
        db.execute("INSERT INTO chunks VALUES (?, ?, ?)", (number * 10, number, language))
    return db


def test_filtered_ids_follow_commits_and_belong_to_their_connection(tmp_path: Path) -> None:
    where, params = filter_sql(("python",), ())
    first = _database(tmp_path / "a.db", ROWS)
    reader = apsw.Connection(str(tmp_path / "a.db"))
    assert filtered_ids(reader, where, params).tolist() == [10, 20, 40]
    first.execute("DELETE FROM chunks WHERE id = 20")  # another connection commits
    assert filtered_ids(reader, where, params).tolist() == [10, 40]
    other = _database(tmp_path / "b.db", ROWS[2:])  # same filter, another file
    assert filtered_ids(other, where, params).tolist() == [20]
    other.execute("DELETE FROM chunks WHERE id = 20")  # a connection's own commit
    assert filtered_ids(other, where, params).tolist() == []
