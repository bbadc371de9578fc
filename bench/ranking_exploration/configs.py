import sys
from statistics import mean
from app.quality.projects import load_projects
from app.quality.evaluate import project_engine, K, CONFIGURATIONS
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.core.search.request import SearchRequest
for p in load_projects():
    if p.name not in sys.argv[1:]: continue
    js = load_judgments(p); eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        row = []
        for name, mode, bias in CONFIGURATIONS:
            v = [score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in s.search(SearchRequest(j.query, K, mode, bias)).results]).ndcg for j in js]
            row.append(f"{name} {mean(v):.3f}")
        print(p.name, p.split, " | ".join(row), flush=True)
