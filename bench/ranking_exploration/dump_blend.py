"""For the biased candidates, also the raw cosine: test blends of raw and mapped scores."""
import sys, pickle
from app.core.search import searcher as S
from app.core.search.candidates import _cosines
from app.core.search.query_kind import analyse
from app.core.search.request import SearchRequest, Mode
from app.core.search.searcher import Searcher
from app.quality.projects import load_projects
from app.quality.judgments import load_judgments
from app.quality.evaluate import project_engine
S.CANDIDATES_PER_RESULT = 10; S.MIN_CANDIDATES = 100
out = {}
wanted = set(sys.argv[2:])
for p in load_projects():
    if wanted and p.name not in wanted: continue
    e = project_engine(p)
    with e.open_store(readonly=True) as store:
        base = e.searcher(store)
        biased = Searcher(store, base.embed_query, base.bias)
        rows = []
        for j in load_judgments(p):
            q = analyse(j.query)
            req = SearchRequest(j.query, 10, Mode.HYBRID, True)
            with store.conn:
                cb, _ = biased.candidates(req, q)
                raw = _cosines(store.conn, [c.chunk_id for c in cb], base.embed_query(j.query), None)
            rows.append((j, q, cb, raw))
        out[p.name] = (p, rows)
    print(p.name, flush=True)
pickle.dump(out, open(sys.argv[1], "wb"))
