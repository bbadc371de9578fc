"""BM25 over FTS5: exact words and identifiers, the half that embeddings miss."""

from __future__ import annotations

import apsw

from app.core.terms import STOPWORDS, query_terms, query_words

# bm25() column weights: symbol, path, body.
WEIGHTS = (4.0, 1.5, 1.0)


def fts_query(query: str) -> str | None:
    """An FTS5 expression matching any of the query's words; None if it has none.

    Every term is quoted, so FTS5 syntax in user input is inert.
    """
    terms = query_terms(query)
    if not terms:
        return None
    return " OR ".join(map(_phrase, terms))


def word_alternatives(query: str) -> list[tuple[list[str], list[str]]]:
    """Per query word, what holding it means: the word itself (a list of it, empty for
    a stop word) or every one of its parts (`parse` and `config` for `parseConfig`, as
    `parse_config` is indexed; empty when it has none but stop words)."""
    out = []
    for word, parts in query_words(query):
        whole = [word] if word not in STOPWORDS else []
        parts = [p for p in parts if p not in STOPWORDS]
        if whole or parts:
            out.append((whole, parts))
    return out


def holding_a_word(where: str, params: list[object], query: str
                   ) -> tuple[str, list[object]]:
    """`where` (a condition over `chunks c`), narrowed to the snippets that hold one of
    the query's words (`word_alternatives`).

    Why: BM25 scores the OR of every word and part, so a snippet holding one part alone
    (`func` of `latin_func`, `f` of `f123456`) scores too, near 0 when that part is in
    most snippets. The meaning of such a candidate may still rank it in a hybrid search;
    a lexical search lists only what holds a word.
    """
    alternatives = []
    for whole, parts in word_alternatives(query):
        alternatives += map(_phrase, whole)
        if parts:
            alternatives.append("(" + " AND ".join(map(_phrase, parts)) + ")")
    if not alternatives:
        return where, params
    return (f"{where} AND c.id IN (SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ?)",
            [*params, " OR ".join(alternatives)])


def _phrase(term: str) -> str:
    """`term` as an FTS5 phrase: quoted, so FTS5 syntax in user input is inert."""
    return '"' + term.replace('"', '""') + '"'


def lexical_search(conn: apsw.Connection, query: str, limit: int, where: str,
                   params: list[object]) -> list[tuple[int, float]]:
    """(chunk id, BM25 score ≥ 0, higher is better), best first.

    Without a filter (`where` is "1") the full-text index is asked alone: joining
    every match to its chunk and file before the top `limit` are kept costs a
    third of the time at 100k snippets, for the same rows.
    """
    expression = fts_query(query)
    if expression is None:
        return []
    score = f"-bm25(chunk_fts, {', '.join(map(str, WEIGHTS))}) AS s"
    if where == "1" and not params:
        rows = conn.execute(f"SELECT rowid, {score} FROM chunk_fts WHERE chunk_fts MATCH ? "
                            "ORDER BY s DESC LIMIT ?", (expression, limit))
    else:
        rows = conn.execute(
            f"SELECT chunk_fts.rowid, {score} FROM chunk_fts "
            "JOIN chunks c ON c.id = chunk_fts.rowid JOIN files f ON f.id = c.file_id "
            f"WHERE chunk_fts MATCH ? AND {where} ORDER BY s DESC LIMIT ?",
            (expression, *params, limit))
    return [(int(i), float(s)) for i, s in rows]
