"""For every query: the union of raw and biased candidates (100 per side), each with its
raw cosine, its mapped cosine and BM25; projects of the quality set and the two guards."""
import pickle, sys, dataclasses
from pathlib import Path
from app.core.search import searcher as S
from app.core.search.candidates import _cosines
from app.core.search.query_kind import analyse
from app.core.search.request import SearchRequest, Mode
from app.core.search.searcher import Searcher
from app.quality.projects import load_projects, Project
from app.quality.judgments import load_judgments, Judgment, Relevant
from app.quality.evaluate import project_engine
from app.core.chunking.definitions import extract_definitions
from app.core.bias.eval_sets import conala_set, stdlib_set, stdlib_queries
from app.core.engine import Engine, EngineConfig
from app.core.bias.data.sources import Source
S.CANDIDATES_PER_RESULT = 10; S.MIN_CANDIDATES = 100

def both(store, base, j):
    raw = Searcher(store, base.embed_query, None)
    biased = Searcher(store, base.embed_query, base.bias)
    q = analyse(j.query)
    req = SearchRequest(j.query, 10, Mode.HYBRID, True)
    with store.conn:
        cr, _ = raw.candidates(req, q)
        cb, _ = biased.candidates(req, q)
        v = base.embed_query(j.query)
        vb = base.bias.apply(v)
        ids = list(dict.fromkeys([c.chunk_id for c in cr] + [c.chunk_id for c in cb]))
        rawcos = _cosines(store.conn, ids, v, None)
        bcos = _cosines(store.conn, ids, vb, base.bias.doc_scale)
    by = {c.chunk_id: c for c in cb}
    for c in cr:
        by.setdefault(c.chunk_id, c)
    cands = [by[i] for i in ids]
    rank_raw = {c.chunk_id: n for n, c in enumerate(sorted([c for c in cr if c.chunk_id in rawcos], key=lambda c: -rawcos[c.chunk_id]))}
    return (j, q, cands, rawcos, bcos, {c.chunk_id for c in cr}, {c.chunk_id for c in cb})

out = {}
wanted = set(sys.argv[2:])
for p in load_projects():
    if wanted and p.name not in wanted: continue
    e = project_engine(p)
    with e.open_store(readonly=True) as store:
        base = e.searcher(store)
        out[p.name] = (p, [both(store, base, j) for j in load_judgments(p)])
    print(p.name, flush=True)
if not wanted or "guards" in wanted:
    gbase = Path("/root/.cache/kenning/guard")
    for es in [conala_set("test", gbase), stdlib_set(stdlib_queries(), gbase)]:
        name = "conala" if "CoNaLa" in es.name else "stdlib"
        e = Engine(EngineConfig(db_path=gbase / f"{name}.db"))
        e.index([es.root])
        p = Project(name, Source("pypi", name, "0"), ".", "python", "guard")
        with e.open_store(readonly=True) as store:
            base = e.searcher(store)
            rows = []
            for n, q in enumerate(es.queries):
                rel = str(q.path.relative_to(es.root))
                text = q.path.read_text()
                end = q.line
                if name == "conala":
                    end = len(text.splitlines())
                else:
                    for d in extract_definitions(text, "python"):
                        if d.start_line <= q.line <= d.end_line and d.start_line >= q.line - 5:
                            end = d.end_line
                            break
                j = Judgment(f"{name}-{n}", name, "behaviour", q.query, (Relevant(rel, q.line, end, 2),))
                rows.append(both(store, base, j))
        out[name] = (p, rows)
        print(name, len(rows), flush=True)
pickle.dump(out, open(sys.argv[1], "wb"))
