"""Dump hybrid candidates (raw and biased dense scores) for every query, pool 100/side;
also those of identifier queries embedded with their words split."""
import pickle, sys
from app.core.search.query_kind import analyse, QueryKind
from app.core.search.searcher import Searcher
from app.core.terms import split_identifier
from dumping import hybrid_candidates, project_rows, raw_and_biased


def row(store, base, j):
    def rewrite(t):
        qi = analyse(t)
        if qi.kind is QueryKind.IDENTIFIER:
            return t + " " + " ".join(w for part in t.replace("::", ".").split(".") for w in split_identifier(part))
        return t
    alt = Searcher(store, lambda t: base.embed_query(rewrite(t)), base.bias)
    q, (cr, cb, ca) = hybrid_candidates(store, [*raw_and_biased(store, base), alt], j)
    return (j, q, cr, cb, ca)


pickle.dump(project_rows(row, set(sys.argv[2:])), open(sys.argv[1], "wb"))
