"""Guard sets: CoNaLa test (human queries over snippets) and the stdlib behaviour queries,
raw and biased hybrid candidates (pool 100/side), as dump.py's rows."""
import pickle
from dumping import guard_rows, hybrid_candidates, raw_and_biased


def row(store, base, j):
    q, (cr, cb) = hybrid_candidates(store, raw_and_biased(store, base), j)
    return (j, q, cr, cb)


pickle.dump(guard_rows(row), open("/tmp/exp/guard.pkl", "wb"))
