"""The default with exact BM25 for every candidate (from the in-memory postings) against
the shipped one (BM25 only for the lexical pool; 0 for the others but a named definition)."""
import sys
from statistics import mean
from app.quality.projects import load_projects
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.core.search.request import Mode, SearchRequest
from app.core.search.query_kind import analyse
from app.core.search.lexical_index import wait_for_lexical_index
from app.core.search.ranking import rank

split = sys.argv[1]
rows = []
for p in load_projects():
    if p.split != split and p.name not in sys.argv[2:]:
        continue
    js = load_judgments(p); eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        index = wait_for_lexical_index(store.conn)
        for j in js:
            q = analyse(j.query)
            req = SearchRequest(j.query, K, Mode.HYBRID, True)
            with store.conn:
                cands, _ = s.candidates(req, q)
                base = rank(q, cands, K, s.weights)
                full = dict(index.search(store.conn, j.query, 10**9))
                for c in cands:
                    c.lexical = full.get(c.chunk_id, 0.0)
                exact = rank(q, cands, K, s.weights)
                ids = {c.chunk_id: c for c in cands}
                def nd(r):
                    return score(j, [Hit(ids[x.chunk_id].rel_path, ids[x.chunk_id].start_line, ids[x.chunk_id].end_line) for x in r]).ndcg
                rows.append((p.name, p.language, j.kind, nd(base), nd(exact)))
        print(p.name, f"{mean(r[3] for r in rows if r[0]==p.name):.4f} -> {mean(r[4] for r in rows if r[0]==p.name):.4f}", flush=True)
print("all", f"{mean(r[3] for r in rows):.4f} -> {mean(r[4] for r in rows):.4f}", len(rows))
for k in ("behaviour", "architecture", "symbol"):
    sub = [r for r in rows if r[2] == k]
    print(k, f"{mean(r[3] for r in sub):.4f} -> {mean(r[4] for r in sub):.4f}")
