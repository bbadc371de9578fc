"""For every query: a wide candidate pool (raw top 300 + current-matrix top 100 + BM25 top 50 +
named definitions) with raw vectors, so that any matrix can be scored through the ranking stage."""
import os, pickle, sys
import numpy as np
from app.core.search import lexical as LX
from app.core.search.candidates import Meaning, load_candidates, definitions_named, has_definitions
from app.core.search.lexical import lexical_search
from app.core.search.query_kind import analyse
from app.core.search.semantic import semantic_search
from app.core.search.vector_index import float_vectors
from dumping import guard_rows, project_rows

if os.environ.get("LEXW"):  # other BM25 column weights (symbol, path, body): lexgrid.sh
    LX.WEIGHTS = tuple(float(x) for x in os.environ["LEXW"].split(","))

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
        cands = load_candidates(conn, ids, {}, lex, Meaning(v), named)
        found, vecs = float_vectors(conn, [c.chunk_id for c in cands])
    assert found == [c.chunk_id for c in cands]
    return dict(j=j, q=q, cands=cands, qvec=v.astype(np.float32), vecs=vecs.copy(), lex=lex, named=named)

wanted = set(sys.argv[2:])
out = project_rows(row, wanted)
if not wanted or "guards" in wanted:
    out.update(guard_rows(row))
pickle.dump(out, open(sys.argv[1], "wb"))
