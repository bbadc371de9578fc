"""A prototype: BM25 over an in-memory inverted index read from FTS5's own index,
against the FTS5 query Kenning runs (app/core/search/lexical.py), on the 100k synthetic
index: build time, memory, per-query time, agreement of the top 50."""
import math, statistics, sys, time
import numpy as np
import apsw
from app.core.search.lexical import WEIGHTS, lexical_search
from app.core.terms import query_terms
from app.core.bias.eval_sets import stdlib_queries
from app.core.store.connection import open_connection
from pathlib import Path

K1, B = 1.2, 0.75
conn = open_connection(Path(sys.argv[1]), readonly=True)
t0 = time.perf_counter()
conn.execute("CREATE VIRTUAL TABLE temp.v_inst USING fts5vocab(main, chunk_fts, instance)")
term_id, tids, docs, cols = {}, [], [], []
colnum = {"symbol": 0, "path": 1, "body": 2}
for term, doc, col in conn.execute("SELECT term, doc, col FROM temp.v_inst"):
    t = term_id.get(term)
    if t is None:
        t = term_id[term] = len(term_id)
    tids.append(t); docs.append(doc); cols.append(colnum[col])
t_read = time.perf_counter() - t0
tids = np.array(tids, dtype=np.int64); docs = np.array(docs, dtype=np.int64)
w = np.array(WEIGHTS, dtype=np.float32)[np.array(cols, dtype=np.int64)]
ndoc = int(docs.max()) + 1
dl = np.bincount(docs, minlength=ndoc).astype(np.float32)
live = dl > 0
N = int(live.sum()); avgdl = float(dl[live].mean())
key = tids * ndoc + docs
uniq, inv = np.unique(key, return_inverse=True)
wtf = np.bincount(inv, weights=w).astype(np.float32)
p_term = (uniq // ndoc).astype(np.int32); p_doc = (uniq % ndoc).astype(np.int32)
starts = np.searchsorted(p_term, np.arange(len(term_id) + 1))
norm = (K1 * (1 - B + B * dl / avgdl)).astype(np.float32)
t_build = time.perf_counter() - t0
mem = (p_doc.nbytes + wtf.nbytes + starts.nbytes + norm.nbytes) / 2**20
print(f"postings {len(p_doc):,}  terms {len(term_id):,}  read {t_read:.1f} s  build {t_build:.1f} s  arrays {mem:.0f} MB")

tokenizer = conn.fts5_tokenizer("porter", ["unicode61"])

def tokens(query):
    out = []
    for term in query_terms(query):
        out.extend(tok for _, _, tok, *rest in tokenizer(term.encode(), apsw.FTS5_TOKENIZE_QUERY, None))
    return list(dict.fromkeys(out))

def bm25(query, limit):
    scores = np.zeros(ndoc, dtype=np.float32)
    for tok in tokens(query):
        t = term_id.get(tok)
        if t is None:
            continue
        a, b = starts[t], starts[t + 1]
        d, f = p_doc[a:b], wtf[a:b]
        n = b - a
        idf = max(math.log((N - n + 0.5) / (n + 0.5)), 1e-6)
        scores[d] += idf * f * (K1 + 1) / (f + norm[d])
    top = np.argpartition(-scores, limit)[:limit]
    top = top[scores[top] > 0]
    return top[np.argsort(-scores[top])].tolist()

texts = [q for q, _, _ in stdlib_queries()]
fts_ms, mem_ms, overlap10, overlap50 = [], [], [], []
for _ in range(3):
    for q in texts:
        s = time.perf_counter(); f = [i for i, _ in lexical_search(conn, q, 50, "1", [])]; fts_ms.append((time.perf_counter() - s) * 1000)
        s = time.perf_counter(); m = bm25(q, 50); mem_ms.append((time.perf_counter() - s) * 1000)
        overlap10.append(len(set(f[:10]) & set(m[:10])) / max(1, min(10, len(f))))
        overlap50.append(len(set(f) & set(m)) / max(1, len(f)))
def p(v, x): v = sorted(v); return v[min(len(v) - 1, int(x * len(v)))]
print(f"FTS5 p50 {statistics.median(fts_ms):.1f} p95 {p(fts_ms, .95):.1f} ms; in memory p50 {statistics.median(mem_ms):.1f} p95 {p(mem_ms, .95):.1f} ms")
print(f"same top 10 {statistics.mean(overlap10):.3f}, same top 50 {statistics.mean(overlap50):.3f}")
