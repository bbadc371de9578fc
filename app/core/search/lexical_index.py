"""BM25 from an in-memory copy of FTS5's postings: the lexical side in a millisecond.

Why: FTS5 answers the OR of a sentence's words by visiting every row that holds
any of them, scoring and sorting them all: at 100k snippets that is most of a
hybrid search's time (docs/BENCHMARKS.md, section 3). The same scores from
arrays in memory take about a millisecond.

What is held: for each term FTS5 indexed, the chunk ids that hold it and its
frequency there weighted by column (lexical.WEIGHTS), read from FTS5's own
index through `fts5vocab`, so the terms are exactly FTS5's (porter, unicode61).
Scores are FTS5's `bm25()`: the same row count, mean row length, idf floor and
saturation, summed over the query's phrases in the same order. A query word
that FTS5 reads as a phrase of several tokens (`parse_config`: `parse` next to
`config`) is asked of FTS5 alone, with a ranking function that returns the
phrase's weighted frequency in each row; such words are rare, so that query
is cheap.

When it is used: the index is a snapshot of the full-text index, named by its
averages and structure records (every commit that changes the full-text index
rewrites them). A search whose read transaction sees another version asks
FTS5 and starts a rebuild in a background thread (one at a time per file).
A process that searches once (`kenning search` without the app) never builds
it, and above MAX_TOKENS indexed tokens it is not built at all.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import apsw
import numpy as np

from app.core import background
from app.core.search.filters import filtered_ids
from app.core.search.lexical import WEIGHTS, holding_a_word, lexical_search, word_alternatives
from app.core.store.connection import open_connection
from app.core.terms import query_terms

log = logging.getLogger(__name__)

# FTS5's bm25() constants.
K1 = 1.2
B = 0.75
# FTS5's records of the row count and column totals (averages) and of its segments.
AVERAGES_ID = 1
STRUCTURE_ID = 10
# Above this many indexed tokens the postings are not held (~6 bytes each after
# merging repeats: 60M tokens is about 250 MB): FTS5 answers alone.
MAX_TOKENS = 60_000_000
# Postings are read by batches of whole terms of about this many instances, so that
# their text and the arrays made of it stay small (~20 MB) whatever the index's size.
BUILD_BATCH = 250_000
PHRASE_FUNCTION = "kenning_phrase_frequency"
_COLUMN_CODE = "CASE col WHEN 'symbol' THEN 0 WHEN 'path' THEN 1 ELSE 2 END"


@dataclass(frozen=True)
class LexicalIndex:
    """One version of the full-text index's postings, read-only once built."""

    version: bytes
    rows: int                # FTS5's row count (N of the idf)
    terms: dict[str, int]    # term → its number in `starts`
    starts: np.ndarray       # int64 (terms + 1,): where each term's postings start
    docs: np.ndarray         # int32: chunk ids, ascending within a term
    frequencies: np.ndarray  # float32: weighted frequency of the term in that chunk
    saturation: np.ndarray   # float64 by chunk id: K1 * (1 - B + B * length / mean length)

    @property
    def nbytes(self) -> int:
        return (self.starts.nbytes + self.docs.nbytes + self.frequencies.nbytes
                + self.saturation.nbytes)

    def search(self, conn: apsw.Connection, query: str, limit: int,
               allowed: np.ndarray | None = None, whole_words: bool = False
               ) -> list[tuple[int, float]]:
        """(chunk id, BM25 score > 0), best first (ties: lower id first), as FTS5 ranks
        the OR of the query's words; only chunk ids in `allowed` if given, and with
        `whole_words` only those holding a query word (lexical.holding_a_word). `conn`
        must see this version (it answers the phrase words)."""
        scores = np.zeros(len(self.saturation), dtype=np.float64)
        holders: dict[str, np.ndarray] = {}  # term → the chunk ids holding it
        for term, tokens in _phrases(query):
            docs, freqs = self._postings(conn, term, tokens)
            holders[term] = docs
            if not len(docs):
                continue
            idf = math.log((self.rows - len(docs) + 0.5) / (len(docs) + 0.5))
            idf = idf if idf > 0.0 else 1e-6
            scores[docs] += idf * ((freqs * (K1 + 1.0)) / (freqs + self.saturation[docs]))
        found = np.flatnonzero(scores)
        if allowed is not None:
            kept = np.zeros(len(scores), dtype=bool)
            kept[allowed[allowed < len(scores)]] = True
            found = found[kept[found]]
        if whole_words:
            found = found[self._holding(conn, query, holders)[found]]
        if len(found) > limit:
            cut = -np.partition(-scores[found], limit - 1)[limit - 1]
            found = found[scores[found] >= cut]  # the ties at the cut stay for the id order
        order = np.lexsort((found, -scores[found]))[:limit]
        return [(int(i), float(scores[i])) for i in found[order]]

    def _postings(self, conn: apsw.Connection, term: str, tokens: list[str]
                  ) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, weighted frequencies) of the rows holding `term` (its `tokens`)."""
        if len(tokens) != 1:
            return phrase_postings(conn, term)
        number = self.terms.get(tokens[0])
        if number is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        part = slice(self.starts[number], self.starts[number + 1])
        return self.docs[part], self.frequencies[part].astype(np.float64)

    def _holding(self, conn: apsw.Connection, query: str, holders: dict[str, np.ndarray]
                 ) -> np.ndarray:
        """Which chunk ids hold one of the query's words (bool by id), as
        lexical.holding_a_word asks FTS5: the word, or every one of its parts.
        `holders`: the chunk ids of the terms already looked up."""
        held = np.zeros(len(self.saturation), dtype=bool)
        for whole, parts in word_alternatives(query):
            rows = [holders[term] if term in holders
                    else self._postings(conn, term, _tokens(term))[0]
                    for term in [*whole, *parts]]
            if whole:
                held[rows.pop(0)] = True
            if rows:
                every = np.ones(len(held), dtype=bool)
                for docs in rows:
                    mask = np.zeros(len(held), dtype=bool)
                    mask[docs] = True
                    every &= mask
                held |= every
        return held


def build(conn: apsw.Connection) -> LexicalIndex | None:
    """The postings `conn` sees (call inside a read transaction); None when the
    full-text index holds more than MAX_TOKENS tokens."""
    version = current_version(conn)
    rows, tokens = _averages(conn)
    if tokens > MAX_TOKENS:
        return None
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.kenning_fts_instances "
                 "USING fts5vocab(main, chunk_fts, instance)")
    weights = np.array(WEIGHTS, dtype=np.float32)
    terms: dict[str, int] = {}
    counts: list[np.ndarray] = []
    docs: list[np.ndarray] = []
    frequencies: list[np.ndarray] = []
    lengths = np.zeros(0, dtype=np.int64)
    for batch in _term_batches(conn):
        background.check()
        first = len(terms)
        term_numbers = np.repeat(np.arange(first, first + len(batch)),
                                 [n for _, n, _, _ in batch])
        terms.update((term, first + i) for i, (term, _, _, _) in enumerate(batch))
        chunk_ids = np.fromstring(",".join(d for _, _, d, _ in batch), dtype=np.int64, sep=",")
        columns = np.frombuffer("".join(c for _, _, _, c in batch).encode(), dtype=np.uint8) - 48
        top = int(chunk_ids.max()) + 1
        if top > len(lengths):
            lengths = np.concatenate([lengths, np.zeros(top - len(lengths), dtype=np.int64)])
        lengths[:top] += np.bincount(chunk_ids, minlength=top)
        keys, where = np.unique(term_numbers * top + chunk_ids, return_inverse=True)
        counts.append(np.bincount(keys // top - first, minlength=len(batch)))
        docs.append((keys % top).astype(np.int32))
        frequencies.append(np.bincount(where, weights=weights[columns]).astype(np.float32))
    mean_length = tokens / rows if rows else 1.0
    return LexicalIndex(
        version, rows, terms,
        np.concatenate([[0], np.cumsum(np.concatenate(counts or [np.zeros(0, np.int64)]))]),
        np.concatenate(docs or [np.zeros(0, np.int32)]),
        np.concatenate(frequencies or [np.zeros(0, np.float32)]),
        K1 * (1.0 - B + B * lengths.astype(np.float64) / mean_length))


def _term_batches(conn: apsw.Connection) -> Iterator[list[tuple[str, int, str, str]]]:
    """(term, instances, their chunk ids as "1,5,5", their columns as "202"), by batch of
    terms: one SQL row a term, parsed by numpy, is 3× faster than a row per instance."""
    batch: list[tuple[str, int, str, str]] = []
    instances = 0
    for row in conn.execute(
            f"SELECT term, count(*), group_concat(doc), group_concat({_COLUMN_CODE}, '') "
            "FROM temp.kenning_fts_instances GROUP BY term"):
        batch.append(row)
        instances += row[1]
        if instances >= BUILD_BATCH:
            yield batch
            batch, instances = [], 0
    if batch:
        yield batch


def current_version(conn: apsw.Connection) -> bytes:
    """The full-text index's averages and structure records, as `conn` sees them."""
    return b"|".join(row[0] for row in conn.execute(
        "SELECT block FROM chunk_fts_data WHERE id IN (?, ?) ORDER BY id",
        (AVERAGES_ID, STRUCTURE_ID)))


def _averages(conn: apsw.Connection) -> tuple[int, int]:
    """(rows, tokens in every column) from FTS5's averages record."""
    row = conn.execute("SELECT block FROM chunk_fts_data WHERE id = ?", (AVERAGES_ID,)).fetchone()
    if row is None:
        return 0, 0
    values = list(_varints(row[0]))
    return (values[0], sum(values[1:])) if values else (0, 0)


def _varints(data: bytes) -> Iterator[int]:
    """SQLite's variable-length integers (big-endian, 7 bits a byte, 8 in the ninth)."""
    at = 0
    while at < len(data):
        value = 0
        for i in range(9):
            byte = data[at]
            at += 1
            if i == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        yield value


_TOKENIZER_LOCK = threading.Lock()
_TOKENIZER: list[apsw.FTS5Tokenizer] = []


def _phrases(query: str) -> list[tuple[str, list[str]]]:
    """Each word FTS5 makes a phrase of (lexical.fts_query), in order, with its tokens."""
    return [(term, _tokens(term)) for term in query_terms(query)]


def _tokens(term: str) -> list[str]:
    """The tokens FTS5 makes of `term` in a query."""
    with _TOKENIZER_LOCK:
        if not _TOKENIZER:  # a private connection: the tokenizer outlives any store's
            _TOKENIZER.append(apsw.Connection(":memory:").fts5_tokenizer(
                "porter", ["unicode61"]))
        tokenize = _TOKENIZER[0]
        return [token[2] for token in tokenize(term.encode("utf-8"),
                                               apsw.FTS5_TOKENIZE_QUERY, None)]


def phrase_postings(conn: apsw.Connection, word: str) -> tuple[np.ndarray, np.ndarray]:
    """(chunk ids, weighted frequencies) of the rows holding `word`'s tokens in a row."""
    conn.register_fts5_function(PHRASE_FUNCTION, _phrase_frequency)
    phrase = '"' + word.replace('"', '""') + '"'
    rows = conn.execute(f"SELECT rowid, {PHRASE_FUNCTION}(chunk_fts) FROM chunk_fts "
                        "WHERE chunk_fts MATCH ? ORDER BY rowid", (phrase,)).fetchall()
    return (np.array([r[0] for r in rows], dtype=np.int64),
            np.array([r[1] for r in rows], dtype=np.float64))


def _phrase_frequency(api: apsw.FTS5ExtensionApi) -> float:
    return float(sum(weight * len(api.phrase_column_offsets(0, column))
                     for column, weight in enumerate(WEIGHTS)))


class _Shared:
    """The process's index for one file, rebuilt in the background when it is behind."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.index: LexicalIndex | None = None
        self.too_big_at: bytes | None = None  # the version found over MAX_TOKENS
        self.lock = threading.Lock()
        self.building: threading.Thread | None = None

    def current(self, conn: apsw.Connection) -> LexicalIndex | None:
        version = current_version(conn)
        index = self.index
        if index is not None and index.version == version:
            return index
        with self.lock:
            if self.too_big_at != version and (self.building is None
                                               or not self.building.is_alive()):
                self.building = background.start(self.rebuild, "kenning-lexical-index")
        return None

    def rebuild(self) -> None:
        try:
            conn = open_connection(self.path, readonly=True)
            try:
                with conn:  # one read snapshot: the version and the postings agree
                    version = current_version(conn)
                    index = build(conn)
            finally:
                conn.close()
        except (apsw.Error, OSError) as exc:  # FTS5 keeps answering; the next search retries
            log.warning("in-memory lexical index not built: %s", exc)
            return
        if index is None:
            self.too_big_at = version
        self.index = index


def lexical_hits(conn: apsw.Connection, query: str, limit: int, where: str,
                 params: list[object], in_memory: bool = True, whole_words: bool = False
                 ) -> list[tuple[int, float]]:
    """(chunk id, BM25 score), best first: lexical.lexical_search's answer, from the
    in-memory postings when they are current (`in_memory`), else from FTS5. With
    `whole_words`, only snippets holding a query word (lexical.holding_a_word)."""
    index = shared_lexical_index(conn) if in_memory else None
    if index is None:
        if whole_words:
            where, params = holding_a_word(where, params, query)
        return lexical_search(conn, query, limit, where, params)
    allowed = None if where == "1" else filtered_ids(conn, where, params)
    return index.search(conn, query, limit, allowed, whole_words)


_SHARED: dict[str, _Shared] = {}
_SHARED_LOCK = threading.Lock()


def shared_lexical_index(conn: apsw.Connection) -> LexicalIndex | None:
    """The process's in-memory postings for `conn`'s file if they are those `conn`
    sees (call inside its read transaction); otherwise None, and a rebuild starts."""
    path = os.path.realpath(conn.filename)
    with _SHARED_LOCK:
        shared = _SHARED.setdefault(path, _Shared(Path(path)))
    return shared.current(conn)


def wait_for_lexical_index(conn: apsw.Connection) -> LexicalIndex | None:
    """The in-memory postings for what `conn` sees, built now if needed (benchmarks and
    tests); None if too big. Call outside a transaction of `conn`."""
    with conn:
        found = shared_lexical_index(conn)
    if found is not None:
        return found
    with _SHARED_LOCK:
        shared = _SHARED[os.path.realpath(conn.filename)]
    building = shared.building
    if building is not None:
        building.join()
    with conn:
        return shared.current(conn)
