"""The rank of the answer for every query of the held-out, CoNaLa and stdlib sets, with and
without the matrix (hybrid), as JSON: run it in two checkouts and compare the files.
PYTHONPATH=<checkout> python bench/ranking_exploration/set_ranks.py OUT.json"""
import sys, json
from pathlib import Path
from app.core.bias.eval_sets import heldout_set, conala_set, stdlib_set, stdlib_queries
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from app.quality.guards import guard_dir
sets = (("held-out", Path("/tmp/biaseval/held-out.db"), heldout_set(Path("/work/main/build/bias-data")).queries),
        ("conala", guard_dir() / "conala.db", conala_set("test", guard_dir()).queries),
        ("stdlib", guard_dir() / "stdlib.db", stdlib_set(stdlib_queries(), guard_dir()).queries))
out = {}
for name, db, qs in sets:
    engine = Engine(EngineConfig(db_path=db))
    with engine.open_store(readonly=True) as store:
        s = engine.searcher(store)
        for bias in (True, False):
            for i, q in enumerate(qs):
                out[f"{name} {bias} {i}"] = (q.query, rank_of(s.search(SearchRequest(q.query, DEPTH, Mode.HYBRID, bias)).results, q))
json.dump(out, open(sys.argv[1], "w"))
