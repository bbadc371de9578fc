"""NDCG@10 of the default and hybrid raw with each result judged at its reported lines
(`piece`, as make quality does) and at its whole definition (`def`, what the preview shows):
python definition_judge.py INDEXDIR SPLIT (run with PYTHONPATH=<checkout>)."""
import sys
from collections import defaultdict
from pathlib import Path
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import project_engine
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects
d = Path(sys.argv[1]); split = sys.argv[2]
per = defaultdict(list)
for p in load_projects():
    if p.split != split: continue
    engine = project_engine(p, d)
    with engine.open_store(readonly=True) as store:
        s = engine.searcher(store)
        for j in load_judgments(p):
            for conf, bias in (("default", True), ("hybrid raw", False)):
                res = s.search(SearchRequest(j.query, 10, Mode.HYBRID, bias)).results
                a = score(j, [Hit(r.rel_path, r.start_line, r.end_line) for r in res]).ndcg
                b = score(j, [Hit(r.rel_path, r.def_start or r.start_line, r.def_end or r.end_line) for r in res]).ndcg
                for key in ("all", j.kind, p.language):
                    per[(conf, "piece", key)].append(a); per[(conf, "def", key)].append(b)
keys = ["all", "behaviour", "architecture", "symbol"] + sorted({k[2] for k in per} - {"all", "behaviour", "architecture", "symbol"})
for conf in ("hybrid raw", "default"):
    for how in ("piece", "def"):
        print(f"{conf:10s} {how:5s} " + " ".join(f"{k[:5]}={sum(per[(conf,how,k)])/len(per[(conf,how,k)]):.3f}" for k in keys))
