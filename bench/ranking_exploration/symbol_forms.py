"""Each symbol query (an identifier as written) asked again with words around the name ("X
function", "class X", "where is X defined", "definition of X", "find X"): the default's NDCG@10
and the share whose definition comes first, per split, through the real searcher.
Run from the checkout: PYTHONPATH=. python bench/ranking_exploration/symbol_forms.py"""
import statistics
from collections import defaultdict
from app.core.search.query_kind import analyse, QueryKind
from app.core.search.request import Mode, SearchRequest
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.quality.projects import load_projects
FORMS = {"as written": "{}", "X function": "{} function", "class X": "class {}", "where is X defined": "where is {} defined",
         "definition of X": "definition of {}", "find X": "find {}", "how does X work": "how does {} work"}
res = defaultdict(list)
for p in load_projects():
    eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        for j in load_judgments(p):
            if j.kind != "symbol" or analyse(j.query).kind is not QueryKind.IDENTIFIER: continue
            language = {"go": "golang"}.get(p.language, p.language)
            for form, f in {**FORMS, "X in <language>": "{} in " + language}.items():
                resp = s.search(SearchRequest(f.format(j.query), K, Mode.HYBRID, True))
                sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in resp.results])
                res[(p.split, form)].append(sc.ndcg); res[(p.split + " first", form)].append(sc.at_1)
for k in sorted(res):
    print(f"{k[0]:11s} {k[1]:20s} n={len(res[k]):3d} {statistics.mean(res[k]):.3f}")
