"""What the matrix adds to the default, query by query, by the form `query_kind.analyse`
gives the query: python matrix_by_form.py OUT.json SPLIT (writes each query's NDCG@10
with and without the matrix, then prints the mean difference per form and kind)."""
import json
import sys
from collections import defaultdict

from app.core.search.query_kind import analyse
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import project_engine
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects

out = {}
for project in load_projects():
    if project.split != sys.argv[2]:
        continue
    engine = project_engine(project)
    with engine.open_store(readonly=True) as store:
        searcher = engine.searcher(store)
        for judgment in load_judgments(project):
            info = analyse(judgment.query)
            row = {"kind": judgment.kind, "form": info.kind.name,
                   "question": bool(info.question), "query": judgment.query}
            for name, bias in (("on", True), ("off", False)):
                results = searcher.search(SearchRequest(judgment.query, 10, Mode.HYBRID,
                                                        bias)).results
                hits = [Hit(r.rel_path, r.start_line, r.end_line) for r in results]
                row[name] = score(judgment, hits).ndcg
            out[judgment.id] = row
with open(sys.argv[1], "w") as file:
    json.dump(out, file, indent=0)
groups = defaultdict(list)
for row in out.values():
    for key in ((row["form"], row["question"]), (row["kind"],), ("all",)):
        groups[key].append(row["on"] - row["off"])
for key, deltas in sorted(groups.items(), key=str):
    print(key, len(deltas), f"{sum(deltas) / len(deltas):+.4f}",
          "up", sum(d > 0 for d in deltas), "down", sum(d < 0 for d in deltas))
