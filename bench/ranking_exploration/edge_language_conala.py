"""CoNaLa's test intents that name a language at their start or end ("... in Python"),
ranked with the language taken off what retrieval reads and as typed (run with
edge_language.patch applied: it swaps `searcher.searched_text` per search).
Usage: PYTHONPATH=. python bench/ranking_exploration/edge_language_conala.py"""
import app.core.search.searcher as S
from app.core.bias.eval_sets import conala_set
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.search.query_kind import searched_text
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import harness_engine
from app.quality.guards import guard_dir

es = conala_set("test", guard_dir())
eng = harness_engine(guard_dir() / "conala.db"); eng.index([es.root])
qs = [q for q in es.queries if searched_text(q.query) != q.query]
with eng.open_store(readonly=True) as store:
    s = eng.searcher(store)
    for mode, bias, name in ((Mode.HYBRID, True, "default"), (Mode.SEMANTIC, False, "semantic raw")):
        tot = [0.0, 0.0]
        for q in qs:
            S.searched_text = searched_text
            a = rank_of(s.search(SearchRequest(q.query, DEPTH, mode, bias)).results, q)
            S.searched_text = lambda t: t
            b = rank_of(s.search(SearchRequest(q.query, DEPTH, mode, bias)).results, q)
            tot[0] += 1 / a if a else 0; tot[1] += 1 / b if b else 0
            if a != b: print(name, "stripped", a, "as typed", b, "|", q.query[:90])
        print(name, len(qs), "MRR over these: stripped %.3f as typed %.3f" % (tot[0] / len(qs), tot[1] / len(qs)))
