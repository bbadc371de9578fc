"""For every query: the raw and the biased searcher's hybrid candidates (the shipped pool,
50 per side), and for each candidate which of the query's words it holds (a word, or all
of an identifier's parts, as lexical.word_alternatives reads them), with each word's
document frequency: python dump_coverage.py OUT.pkl [projects...|guards]"""
import math
import pickle
import sys
from app.core.search import searcher as S
from app.core.search.lexical import _phrase, word_alternatives
from dumping import guard_rows, hybrid_candidates, project_rows, raw_and_biased

import os
from app.core.search import lexical as LX, lexical_index as LI
if os.environ.get("LEXW"):  # other BM25 column weights (symbol, path, body)
    LX.WEIGHTS = LI.WEIGHTS = tuple(float(x) for x in os.environ["LEXW"].split(","))
S.CANDIDATES_PER_RESULT = 3
S.MIN_CANDIDATES = 50  # the shipped pool (dumping sets 100)


def alternatives(query):
    out = []
    for whole, parts in word_alternatives(query):
        terms = [_phrase(t) for t in whole]
        if parts:
            terms.append("(" + " AND ".join(map(_phrase, parts)) + ")")
        out.append(" OR ".join(terms))
    return out


def row(store, base, j):
    q, (cr, cb) = hybrid_candidates(store, raw_and_biased(store, base), j)
    ids = sorted({c.chunk_id for c in cr} | {c.chunk_id for c in cb})
    conn = store.conn
    n = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    words = []
    with conn:
        for expr in alternatives(j.query):
            df = conn.execute("SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH ?", (expr,)).fetchone()[0]
            held = {r[0] for r in conn.execute(
                f"SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ? AND rowid IN ({','.join(map(str, ids))})",
                (expr,))}
            idf = max(1e-6, math.log((n - df + 0.5) / (df + 0.5)))
            words.append((expr, idf, held))
    return (j, q, cr, cb, words)


wanted = set(sys.argv[2:])
out = project_rows(row, wanted - {"guards"})
if "guards" in wanted:
    out.update(guard_rows(row))
pickle.dump(out, open(sys.argv[1], "wb"))
