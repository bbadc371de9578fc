"""The default search through the in-memory vector index (the window, the app) and through
the exact scan a one-query `kenning search` uses: NDCG@10 per split, kind and language."""
from collections import defaultdict
from app.core.search.request import SearchRequest
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score, summarise
from app.quality.projects import load_projects
per = defaultdict(list)
for p in load_projects():
    e = project_engine(p)
    with e.open_store(readonly=True) as store:
        for label, s in (("index", e.searcher(store)), ("exact", e.searcher(store, one_shot=True))):
            for j in load_judgments(p):
                r = s.search(SearchRequest(j.query, K))
                sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in r.results])
                for key in ("all", j.kind, p.language):
                    per[(label, p.split, key)].append(sc)
for split in ("dev", "test"):
    keys = sorted({k for (_, s, k) in per if s == split})
    for label in ("index", "exact"):
        print(split, label, " ".join(f"{k}={summarise(per[(label, split, k)]).ndcg:.4f}" for k in keys))
