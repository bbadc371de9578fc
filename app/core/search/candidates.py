"""Gather what the ranking stage needs about retrieved snippets, in a few queries.

Retrieval returns ids with one score each (the side that found them). The
ranking stage wants both scores for every candidate and where each lives:
this module completes the cosine of the candidates only BM25 found (from their
stored vectors; with the bias matrix, blended with the raw cosine: `Meaning`) and
reads paths, symbols, definition spans and defined names.
BM25 is not completed: FTS5 scores a row only by running the whole match
(~150 ms at 100k snippets), so a candidate outside the lexical pool scores 0,
except a definition found by its name, which holds the query word in its
symbol: it gets the pool's lowest BM25 (its own is at most that; measured on
the dev split, as good as the exact score: docs/QUALITY.md). Call inside the
search's read transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import apsw
import numpy as np

from app.core.search.aliases import Alias
from app.core.search.ranking import Candidate
from app.core.search.vector_index import DocScale, float_vectors
from app.core.terms import symbol_key

# A name lookup (`chunk_names`) adds at most this many defining snippets, chosen from at
# most NAMES_SORTED of them (a bound on the sort: 1.3 ms for the 860 `constructor`s of
# three.js).
MAX_DEFINITIONS = 20
NAMES_SORTED = 2000


def has_definitions(conn: apsw.Connection) -> bool:
    """Whether the index records definitions (schema 4; an older one opened read-only does not)."""
    return conn.execute("PRAGMA user_version").fetchone()[0] >= 4


def definitions_named(conn: apsw.Connection, key: str, where: str,
                      params: list[object], qualifier: str = "") -> list[int]:
    """Chunk ids of the snippets defining a name whose key is `key` (filters applied).

    A large project defines a common name (`write`, `get`, `Value`) more often than the
    lookup takes: of the first NAMES_SORTED, the names holding `qualifier`
    (`StreamHandler::write`: streamhandler) come first, then the least nested, so that
    the one asked for is among them."""
    return [row[0] for row in conn.execute(
        "SELECT chunk_id FROM (SELECT n.chunk_id, n.name FROM chunk_names n "
        "JOIN chunks c ON c.id = n.chunk_id JOIN files f ON f.id = c.file_id "
        f"WHERE n.key = ? AND {where} LIMIT ?) "
        "ORDER BY ? != '' AND instr(replace(replace(lower(name), '_', ''), '-', ''), ?) > 0 "
        "DESC, length(name) - length(replace(name, '.', '')), chunk_id LIMIT ?",
        (key, *params, NAMES_SORTED, qualifier, qualifier, MAX_DEFINITIONS))]


@dataclass(frozen=True)
class Meaning:
    """How a candidate's meaning is scored: its cosine with `vector` (the query, mapped
    by the bias matrix when on; × `doc_scale` for a two-sided one), and with a `raw`
    query (before the matrix) `share` × that + (1 − `share`) × its raw cosine.

    Why the blend: the matrix lifts documentation sentences and human intents, and on
    queries written by hand over whole projects lifts some projects and lowers others;
    blended, it keeps most of the lift and loses less (docs/QUALITY.md, Decisions).
    """

    vector: np.ndarray
    doc_scale: DocScale | None = None
    raw: np.ndarray | None = None
    share: float = 1.0

    def complete(self, conn: apsw.Connection, ids: list[int], found: dict[int, float]
                 ) -> dict[int, float]:
        """Each of `ids`' meaning score; `found` holds retrieval's (mapped) cosines."""
        blend = self.raw is not None and self.share < 1
        wanted = ids if blend else [i for i in ids if i not in found]
        present, vectors = float_vectors(conn, wanted) if wanted else ([], None)
        if not present:
            return found
        mapped = dict(found)
        missing = [n for n, i in enumerate(present) if i not in found]
        if missing:
            own = vectors[missing] @ self.vector
            if self.doc_scale is not None:
                own = own * self.doc_scale(vectors[missing])
            mapped.update(zip((present[n] for n in missing), own.tolist(), strict=True))
        if not blend:
            return mapped
        raw = dict(zip(present, (vectors @ self.raw).tolist(), strict=True))
        return {i: self.share * score + (1 - self.share) * raw[i] if i in raw else score
                for i, score in mapped.items()}


def load_candidates(conn: apsw.Connection, ids: Iterable[int], dense: dict[int, float],
                    lexical: dict[int, float], meaning: Meaning | None,
                    named: Iterable[int] = (),
                    aliases: Sequence[Alias] = ()) -> list[Candidate]:
    """Candidates for `ids`, with both scores: the meaning scores (`Meaning`, when
    given) from the stored vectors, retrieval's cosines in `dense` kept; the `named`
    ones missing from `lexical` get its lowest score, the others 0. A candidate
    defining the name an alias stands for also names the alias (`aliased_names`)."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    if meaning is not None:
        dense = meaning.complete(conn, ids, dense)
    lexical_floor = min(lexical.values(), default=0.0)
    lexical = {**dict.fromkeys(named, lexical_floor), **lexical}
    floor = min(dense.values(), default=0.0)
    listed = ",".join(map(str, ids))
    spans = "c.def_start, c.def_end" if has_definitions(conn) else "NULL, NULL"
    rows = conn.execute(
        f"SELECT c.id, c.file_id, f.rel_path, c.symbol, c.start_line, c.end_line, c.kind, {spans}, "
        "c.language "
        f"FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id IN ({listed})")
    rows = list(rows)
    names: dict[int, list[str]] = {}
    if spans != "NULL, NULL":
        for chunk_id, name in conn.execute(
                f"SELECT chunk_id, name FROM chunk_names WHERE chunk_id IN ({listed})"):
            names.setdefault(chunk_id, []).append(name)
        if aliases:
            aliased_names(names, {row[0]: row[1] for row in rows}, aliases)
    found = {chunk_id: Candidate(chunk_id, file_id, rel_path, symbol, start, end, kind,
                                 dense.get(chunk_id, floor), lexical.get(chunk_id, 0.0),
                                 def_start, def_end, tuple(names.get(chunk_id, ())), language)
             for chunk_id, file_id, rel_path, symbol, start, end, kind, def_start, def_end,
             language in rows}
    return [found[i] for i in ids if i in found]


def aliased_names(names: dict[int, list[str]], files: Mapping[int, int],
                  aliases: Sequence[Alias]) -> None:
    """Add each alias to the names of the candidates defining what it stands for: those
    in the alias's own file when there are any (`request.serializeObject = serialize`
    means this file's `serialize`), else every one (`ListCache.prototype.set =
    listCacheSet`, required from another file)."""
    by_target: dict[str, list[Alias]] = {}
    for alias in aliases:
        by_target.setdefault(alias.target, []).append(alias)
    defining = [(chunk_id, name, alias) for chunk_id, own in names.items() for name in own
                for alias in by_target.get(symbol_key(name.rsplit(".", 1)[-1]), ())]
    local = {alias for chunk_id, _, alias in defining if files.get(chunk_id) == alias.file_id}
    for chunk_id, name, alias in defining:
        if alias.file_id is None or alias not in local or files.get(chunk_id) == alias.file_id:
            names[chunk_id].append(alias.named_for(name))
