"""NDCG@10 of the default with weight variants, per project (quick; no fetch/index)."""
import json, os, sys
from dataclasses import replace
from statistics import mean
from app.quality.projects import load_projects
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.core.search.ranking import WEIGHTS

spec = json.loads(sys.argv[1])  # {"name": {field: value}}
names = sys.argv[2:]
res = {}
for p in load_projects():
    if names and p.name not in names:
        continue
    js = load_judgments(p)
    eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        for vname, fields in spec.items():
            bias = fields.pop("_bias", True) if isinstance(fields, dict) else True
            w = replace(WEIGHTS, **fields)
            r = Searcher(store, s.embed_query, s.bias, w)
            for j in js:
                out = r.search(SearchRequest(j.query, K, Mode.HYBRID, bias))
                hits = [Hit(x.rel_path, x.start_line, x.end_line) for x in out.results]
                res.setdefault(vname, {})[j.id] = (p.split, p.language, j.kind, score(j, hits).ndcg)
            fields["_bias"] = bias
json.dump(res, open(os.environ.get("OUT", "/tmp/s19/last_variants.json"), "w"))
for vname, d in res.items():
    for split in ("dev", "test"):
        v = [x[3] for x in d.values() if x[0] == split]
        if v:
            print(f"{vname:24} {split}: {mean(v):.4f} ({len(v)})", end="  ")
    print()
base = next(iter(res))
for vname, d in list(res.items())[1:]:
    diff = [(k, d[k][3] - res[base][k][3]) for k in d if abs(d[k][3] - res[base][k][3]) > 1e-9]
    print(vname, "vs", base, "changed:", [(k, round(x, 3)) for k, x in diff])
