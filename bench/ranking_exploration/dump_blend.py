"""For the biased candidates, also the raw cosine: test blends of raw and mapped scores."""
import pickle, sys
from app.core.search.candidates import Meaning
from dumping import hybrid_candidates, project_rows, raw_and_biased


def row(store, base, j):
    q, (cb,) = hybrid_candidates(store, raw_and_biased(store, base)[1:], j)
    with store.conn:
        raw = Meaning(base.embed_query(j.query)).complete(store.conn, [c.chunk_id for c in cb], {})
    return (j, q, cb, raw)


pickle.dump(project_rows(row, set(sys.argv[2:])), open(sys.argv[1], "wb"))
