"""Dump hybrid candidates (raw and biased dense scores) for every query, pool 100/side."""
import json, sys, pickle
from app.core.search import searcher as S
from app.core.search.query_kind import analyse, QueryKind
from app.core.search.request import SearchRequest, Mode
from app.core.search.searcher import Searcher
from app.quality.projects import load_projects, fetch_project
from app.quality.judgments import load_judgments
from app.quality.evaluate import project_engine

S.CANDIDATES_PER_RESULT = 10; S.MIN_CANDIDATES = 100  # pool 100 per side at k=10
out = {}
wanted = set(sys.argv[2:])
for p in load_projects():
    if wanted and p.name not in wanted: continue
    e = project_engine(p)
    with e.open_store(readonly=True) as store:
        base = e.searcher(store)
        raw = Searcher(store, base.embed_query, None)
        biased = Searcher(store, base.embed_query, base.bias)
        from app.core.terms import split_identifier
        def rewrite(t):
            qi = analyse(t)
            if qi.kind is QueryKind.IDENTIFIER:
                return t + " " + " ".join(w for part in t.replace("::", ".").split(".") for w in split_identifier(part))
            return t
        alt = Searcher(store, lambda t: base.embed_query(rewrite(t)), base.bias)
        rows = []
        for j in load_judgments(p):
            q = analyse(j.query)
            req = SearchRequest(j.query, 10, Mode.HYBRID, True)
            with store.conn:
                cr, _ = raw.candidates(req, q)
                cb, _ = biased.candidates(req, q)
                ca, _ = alt.candidates(req, q)
            rows.append((j, q, cr, cb, ca))
        out[p.name] = (p, rows)
    print(p.name, flush=True)
pickle.dump(out, open(sys.argv[1], "wb"))
