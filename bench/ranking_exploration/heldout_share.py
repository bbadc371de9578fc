"""The default's MRR on the held-out repositories for several matrix shares, overall and
per language, beside hybrid raw: python heldout_share.py DATA WORK 0.7 1.0"""
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from app.core.bias.dataset import read_pairs
from app.core.bias.eval_sets import heldout_set
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.engine import Engine, EngineConfig
from app.core.search.ranking import WEIGHTS
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
data, work = Path(sys.argv[1]), Path(sys.argv[2])
es = heldout_set(data)
langs = [r["language"] for r in read_pairs(data / "pairs-test.jsonl")]
engine = Engine(EngineConfig(db_path=work / "held-out.db"))
rr = defaultdict(lambda: defaultdict(list))
with engine.open_store(readonly=True) as store:
    base = engine.searcher(store)
    runs = [("hybrid raw", base, False)] + [
        (f"default, share {x}", Searcher(store, base.embed_query, base.bias,
                                          replace(WEIGHTS, matrix_share=float(x))), True)
        for x in sys.argv[3:]]
    for name, s, bias in runs:
        for q, lang in zip(es.queries, langs):
            r = rank_of(s.search(SearchRequest(q.query, DEPTH, Mode.HYBRID, bias)).results, q)
            v = 1 / r if r else 0.0
            rr[name][lang].append(v)
            rr[name]["all"].append(v)
keys = ["all"] + sorted(k for k in rr["hybrid raw"] if k != "all")
print("| configuration | " + " | ".join(f"{k} ({len(rr['hybrid raw'][k])})" for k in keys) + " |")
print("| --- |" + " --- |" * len(keys))
for name in rr:
    print(f"| {name} | " + " | ".join(f"{sum(rr[name][k]) / len(rr[name][k]):.3f}" for k in keys) + " |")
