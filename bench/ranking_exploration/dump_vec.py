"""For every query: a wide candidate pool (raw top 300 + current-matrix top 100 + BM25 top 50 +
named definitions) with raw vectors, so that any matrix can be scored through the ranking stage."""
import pickle, sys
from pathlib import Path
import numpy as np
from app.core.search.candidates import load_candidates, definitions_named, has_definitions
from app.core.search.vector_index import float_vectors
from app.core.search.semantic import semantic_search
import os
from app.core.search import lexical as LX
if os.environ.get("LEXW"): LX.WEIGHTS = tuple(float(x) for x in os.environ["LEXW"].split(","))
from app.core.search.lexical import lexical_search
from app.core.search.query_kind import analyse
from app.quality.projects import load_projects, Project
from app.quality.judgments import load_judgments, Judgment, Relevant
from app.quality.evaluate import project_engine
from app.core.chunking.definitions import extract_definitions
from app.core.bias.eval_sets import conala_set, stdlib_set, stdlib_queries
from app.core.engine import Engine, EngineConfig
from app.core.bias.data.sources import Source

def row(store, base, j):
    conn = store.conn
    q = analyse(j.query)
    with conn:
        v = base.embed_query(j.query)
        raw = dict(semantic_search(conn, v, 300, "1", [], None, False))
        vb = base.bias.apply(v)
        mapped = dict(semantic_search(conn, vb, 100, "1", [], base.bias.doc_scale, False))
        lex = dict(lexical_search(conn, j.query, 50, "1", []))
        named = definitions_named(conn, q.symbol_key, "1", []) if q.symbol_key and has_definitions(conn) else []
        ids = list(dict.fromkeys([*raw, *mapped, *lex, *named]))
        cands = load_candidates(conn, ids, {}, lex, v, None, named)
        found, vecs = float_vectors(conn, [c.chunk_id for c in cands])
    assert found == [c.chunk_id for c in cands]
    return dict(j=j, q=q, cands=cands, qvec=v.astype(np.float32), vecs=vecs.copy(), lex=lex, named=named)

out = {}
wanted = set(sys.argv[2:])
for p in load_projects():
    if wanted and p.name not in wanted: continue
    e = project_engine(p)
    with e.open_store(readonly=True) as store:
        base = e.searcher(store)
        out[p.name] = (p, [row(store, base, j) for j in load_judgments(p)])
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
                rows.append(row(store, base, j))
        out[name] = (p, rows)
        print(name, len(rows), flush=True)
pickle.dump(out, open(sys.argv[1], "wb"))
