"""The dev split's queries over one index that holds all 9 dev projects (as a developer's
~/code), without and with a folder filter on the asked project, NDCG@10 by configuration, kind
and language. A result from another project counts as a miss (a lower bound: another project
can hold a fair answer). Build the index first (about 25 min on 2 cores):
kenning index <the 9 dev projects' folders> --db /tmp/devall.db
then: PYTHONPATH=. python bench/ranking_exploration/one_index.py /tmp/devall.db"""
import statistics
import sys
from pathlib import Path
from collections import defaultdict
from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects, fetch_project
DB = Path(sys.argv[1])
CONFIGS = {"default": (Mode.HYBRID, True), "hybrid raw": (Mode.HYBRID, False), "semantic raw": (Mode.SEMANTIC, False), "lexical": (Mode.LEXICAL, False)}
res = defaultdict(list)
eng = Engine(EngineConfig(db_path=DB))
with eng.open_store(readonly=True) as store:
    s = eng.searcher(store)
    for p in load_projects():
        if p.split != "dev": continue
        root = str(fetch_project(p))
        for j in load_judgments(p):
            for cname, (mode, bias) in CONFIGS.items():
                for where, paths in (("one index", ()), ("one index, folder filter", (root,))):
                    resp = s.search(SearchRequest(j.query, K, mode, bias, paths=paths))
                    hits = [Hit(x.rel_path if x.root == root else "\0other/" + x.rel_path, x.start_line, x.end_line) for x in resp.results]
                    sc = score(j, hits)
                    res[(cname, where, "all")].append(sc.ndcg); res[(cname, where, j.kind)].append(sc.ndcg)
                    res[(cname, where, p.language)].append(sc.ndcg)
keys = sorted({k[2] for k in res})
print("| configuration | where | " + " | ".join(keys) + " |")
for c in CONFIGS:
    for where in ("one index", "one index, folder filter"):
        print(f"| {c} | {where} | " + " | ".join(f"{statistics.mean(res[(c, where, k)]):.3f}" for k in keys) + " |")
