"""For every query: the union of raw and biased candidates (100 per side), each with its
raw cosine, its mapped cosine and BM25; projects of the quality set and the two guards."""
import pickle, sys
from app.core.search.candidates import Meaning
from dumping import guard_rows, hybrid_candidates, project_rows, raw_and_biased


def both(store, base, j):
    q, (cr, cb) = hybrid_candidates(store, raw_and_biased(store, base), j)
    with store.conn:
        v = base.embed_query(j.query)
        vb = base.bias.apply(v)
        ids = list(dict.fromkeys([c.chunk_id for c in cr] + [c.chunk_id for c in cb]))
        rawcos = Meaning(v).complete(store.conn, ids, {})
        bcos = Meaning(vb, base.bias.doc_scale).complete(store.conn, ids, {})
    by = {c.chunk_id: c for c in cb}
    for c in cr:
        by.setdefault(c.chunk_id, c)
    cands = [by[i] for i in ids]
    return (j, q, cands, rawcos, bcos, {c.chunk_id for c in cr}, {c.chunk_id for c in cb})


wanted = set(sys.argv[2:])
out = project_rows(both, wanted)
if not wanted or "guards" in wanted:
    out.update(guard_rows(both))
pickle.dump(out, open(sys.argv[1], "wb"))
