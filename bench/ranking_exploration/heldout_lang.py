"""Per-language MRR of hybrid raw and the default (hybrid + matrix) on the held-out
repositories' index that `kenning bias eval` built: python heldout_lang.py DATA WORK
[SHARE ...] (each SHARE: the default again with that share of the mapped cosine)"""
import sys
from collections import defaultdict
from pathlib import Path
from app.core.bias.dataset import read_pairs
from app.core.bias.eval_sets import heldout_set
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from dataclasses import replace
from app.core.search.ranking import WEIGHTS
from app.core.search.searcher import Searcher
data, work = Path(sys.argv[1]), Path(sys.argv[2])
es = heldout_set(data)
langs = [r["language"] for r in read_pairs(data / "pairs-test.jsonl")]
engine = Engine(EngineConfig(db_path=work / "held-out.db"))
rr = defaultdict(lambda: defaultdict(list))
with engine.open_store(readonly=True) as store:
    base = engine.searcher(store)
    runs = [("hybrid raw", base, Mode.HYBRID, False), ("default", base, Mode.HYBRID, True),
            ("semantic raw", base, Mode.SEMANTIC, False)]
    runs += [(f"default, share {x}", Searcher(store, base.embed_query, base.bias,
                                              replace(WEIGHTS, matrix_share=float(x))),
              Mode.HYBRID, True) for x in sys.argv[3:]]
    for name, s, mode, bias in runs:
        for q, lang in zip(es.queries, langs):
            r = rank_of(s.search(SearchRequest(q.query, DEPTH, mode, bias)).results, q)
            v = 1 / r if r else 0.0
            rr[name][lang].append(v); rr[name]["all"].append(v)
keys = ["all"] + sorted(k for k in rr["default"] if k != "all")
print("| configuration | " + " | ".join(f"{k} ({len(rr['default'][k])})" for k in keys) + " |")
for name in rr:
    print(f"| {name} | " + " | ".join(f"{sum(rr[name][k]) / len(rr[name][k]):.3f}" for k in keys) + " |")
from app.quality.metrics import paired_interval
print("| default − hybrid raw | " + " | ".join(
    "{:+.3f} ({:+.3f} to {:+.3f})".format(
        (sum(rr["default"][k]) - sum(rr["hybrid raw"][k])) / len(rr["default"][k]),
        *paired_interval(rr["default"][k], rr["hybrid raw"][k])) for k in keys) + " |")
