import sys
from statistics import mean
import app.core.search.searcher as S
from app.quality.projects import load_projects
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.core.search.request import Mode, SearchRequest
sizes = [int(x) for x in sys.argv[1].split(",")]
names = sys.argv[2:]
tot = {}
for p in load_projects():
    if p.name not in names: continue
    js = load_judgments(p); eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        for n in sizes:
            S.MIN_CANDIDATES = n
            for bias in (True, False):
                v = []
                for j in js:
                    out = s.search(SearchRequest(j.query, K, Mode.HYBRID, bias))
                    v.append(score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in out.results]).ndcg)
                tot.setdefault((n, bias), []).extend(v)
                print(p.name, n, "default" if bias else "raw", f"{mean(v):.4f}", flush=True)
for k, v in tot.items(): print(k, f"{mean(v):.4f}", len(v))
