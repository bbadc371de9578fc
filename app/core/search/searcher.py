"""Query → (bias) → vector KNN + BM25 + name lookup → ranking stage → results."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import islice

import numpy as np

from app.core.bias.matrix import BiasMatrix
from app.core.search.aliases import Alias, typedef_targets, written_aliases
from app.core.search.candidates import (
    Meaning,
    definitions_named,
    has_definitions,
    load_candidates,
)
from app.core.search.filters import filter_sql
from app.core.search.lexical_index import lexical_hits
from app.core.search.query_kind import QueryInfo, analyse
from app.core.search.ranking import WEIGHTS, Candidate, Ranked, Weights, order_by, rank
from app.core.search.request import Mode, SearchRequest, SearchResponse, SearchResult
from app.core.search.searched_paths import remember_paths
from app.core.search.semantic import semantic_search
from app.core.store.store import Store

# Each side of a hybrid search contributes this many candidates per result asked, and at
# least MIN_CANDIDATES (dev split: 50 per side for 10 results as good as 100; 20 worse).
CANDIDATES_PER_RESULT = 3
MIN_CANDIDATES = 50
# A one-sided search (semantic or lexical) fetches this many per result asked, so
# that pieces of one definition collapsing into one result still leave k results.
ONE_SIDED_PER_RESULT = 2
ONE_SIDED_MARGIN = 10

# The best of the lexical side searched for alias lines (`aliases.written_aliases`): a
# line naming the query's name is among them.
ALIAS_LINES = 20

QueryEmbedder = Callable[[str], np.ndarray]

WARM_UP_QUERY = "read a file"  # any query: `warm_up` searches it


class Searcher:
    """Runs searches on one store. Lexical searches never load the model."""

    def __init__(self, store: Store, embed_query: QueryEmbedder,
                 bias: BiasMatrix | None = None, weights: Weights = WEIGHTS,
                 in_memory_index: bool = True) -> None:
        self.store = store
        self.embed_query = embed_query
        self.bias = bias
        self.weights = weights
        # False (a process that searches once): exact vector scans and FTS5, no
        # in-memory index loaded (see semantic_search, lexical_index).
        self.in_memory_index = in_memory_index

    def search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        k = max(1, request.k)
        query = analyse(request.query)
        if request.paths:  # where the user works: embedded first (Indexer)
            remember_paths(self.store.path, request.paths)
        with self.store.conn:  # one read snapshot, even while an indexer commits
            candidates, biased = self.candidates(request, query)
            ranked = self.order(request, query, candidates, k)
            results = self._load(ranked)
        elapsed = (time.perf_counter() - started) * 1000
        return SearchResponse(request, results, elapsed, bias_applied=biased)

    def warm_up(self) -> SearchResponse:
        """One search, so that the next ones find the model and the index's in-memory
        parts loaded, and the background builds they use (lexical postings, the rows'
        bias factors) started."""
        return self.search(SearchRequest(WARM_UP_QUERY))

    def candidates(self, request: SearchRequest, query: QueryInfo
                   ) -> tuple[list[Candidate], bool]:
        """The retrieved snippets with both scores, and whether the matrix was applied.

        Call inside a read transaction (`search` does)."""
        conn = self.store.conn
        where, params = filter_sql(request.languages, request.paths)
        k = max(1, request.k)
        # The matrix maps every query, names too: measured in docs/QUALITY.md.
        biased = request.use_bias and self.bias is not None and request.mode is not Mode.LEXICAL
        vector = raw_vector = None
        scale = None
        if request.mode is not Mode.LEXICAL:
            vector = raw_vector = self.embed_query(request.query)
            if biased:
                vector = self.bias.apply(vector)
                scale = self.bias.doc_scale if self.bias.doc_weights is not None else None
        if request.mode is Mode.HYBRID:
            pool = max(k * CANDIDATES_PER_RESULT, MIN_CANDIDATES)
        else:
            pool = k * ONE_SIDED_PER_RESULT + ONE_SIDED_MARGIN
        dense = (dict(semantic_search(conn, vector, pool, where, params, scale,
                                      self.in_memory_index))
                 if vector is not None else {})
        lexical = (dict(lexical_hits(conn, request.query, pool, where, params,
                                     self.in_memory_index,
                                     whole_words=request.mode is Mode.LEXICAL))
                   if request.mode is not Mode.SEMANTIC else {})
        named: list[int] = []
        aliases: list[Alias] = []
        if request.mode is Mode.HYBRID and query.symbol_key and has_definitions(conn):
            named = definitions_named(conn, query.symbol_key, where, params,
                                      query.qualifier[-1] if query.qualifier else "")
            aliases = (typedef_targets(conn, named, query.symbol_key)
                       + written_aliases(conn, islice(lexical, ALIAS_LINES),
                                         query.symbol_key))
            for target in dict.fromkeys(alias.target for alias in aliases):
                named += definitions_named(conn, target, where, params)
        ids = [*dense, *lexical, *named]
        meaning = (Meaning(vector, scale, raw_vector if biased else None,
                           self.weights.matrix_share)
                   if request.mode is Mode.HYBRID and vector is not None else None)
        found = load_candidates(conn, ids, dense, lexical, meaning, named, aliases)
        return found, biased

    def order(self, request: SearchRequest, query: QueryInfo, candidates: list[Candidate],
              k: int) -> list[Ranked]:
        """The ranking stage for a hybrid search; one-sided searches keep their side's
        order, with the pieces of one definition collapsed into one result."""
        if request.mode is Mode.HYBRID:
            return rank(query, candidates, k, self.weights)
        side = [c.dense if request.mode is Mode.SEMANTIC else c.lexical for c in candidates]
        return order_by(candidates, side, k)

    def _load(self, ranked: list[Ranked]) -> list[SearchResult]:
        if not ranked:
            return []
        ids = ",".join(str(r.chunk_id) for r in ranked)
        spans = "c.def_start, c.def_end" if has_definitions(self.store.conn) else "NULL, NULL"
        rows = {row[0]: row for row in self.store.conn.execute(
            "SELECT c.id, f.path, f.rel_path, r.path, c.start_line, c.end_line, c.symbol,"
            f" c.kind, c.language, c.text, {spans} FROM chunks c"
            " JOIN files f ON f.id = c.file_id"
            f" JOIN roots r ON r.id = f.root_id WHERE c.id IN ({ids})")}
        results = []
        for hit in ranked:
            (_, path, rel, root, start, end, symbol, kind, language, text, def_start,
             def_end) = rows[hit.chunk_id]
            if def_start is not None and def_end is not None:
                # A piece may carry a small statement after its definition (Python's
                # `__str__ = output` below `def output`): the whole it is shown in holds it.
                def_start, def_end = min(def_start, start), max(def_end, end)
            results.append(SearchResult(hit.chunk_id, path, rel, root, start, end, symbol, kind,
                                        language, float(hit.score), text, def_start, def_end))
        return results
