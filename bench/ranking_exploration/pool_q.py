"""Candidate pool per side by query form: questions get BIG, the rest 50."""
import sys
from statistics import mean
import app.core.search.searcher as S
from app.core.search.query_kind import analyse
from app.quality.projects import load_projects
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.core.search.request import Mode, SearchRequest
big = [int(x) for x in sys.argv[1].split(",")]
split = sys.argv[2]
rows = []
for p in load_projects():
    if p.split != split: continue
    js = load_judgments(p); eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        for j in js:
            q = analyse(j.query)
            r = [p.name, j.kind, bool(q.question)]
            for n in [50, *big]:
                S.MIN_CANDIDATES = n if q.question else 50
                out = s.search(SearchRequest(j.query, K, Mode.HYBRID, True))
                r.append(score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in out.results]).ndcg)
            rows.append(r)
for i, n in enumerate([50, *big]):
    print(n, f"all {mean(r[3+i] for r in rows):.4f}", *(f"{k} {mean(r[3+i] for r in rows if r[1]==k):.4f}" for k in ("behaviour","architecture","symbol")),
          "|", " ".join(f"{pn}:{mean(r[3+i] for r in rows if r[0]==pn)-mean(r[3] for r in rows if r[0]==pn):+.3f}" for pn in dict.fromkeys(r[0] for r in rows)))
