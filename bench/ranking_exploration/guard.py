"""Guard sets: CoNaLa test (human queries over snippets) and the stdlib behaviour queries."""
import pickle, sys
from app.core.chunking.definitions import extract_definitions
from pathlib import Path
from app.core.bias.eval_sets import conala_set, stdlib_set, stdlib_queries, CONALA_DIR
from app.core.engine import Engine, EngineConfig
from app.core.search import searcher as S
from app.core.search.query_kind import analyse, QueryKind
from app.core.search.request import SearchRequest, Mode
from app.core.search.searcher import Searcher
from app.quality.judgments import Judgment, Relevant
from app.quality.projects import Project
from app.core.bias.data.sources import Source
S.CANDIDATES_PER_RESULT = 10; S.MIN_CANDIDATES = 100
out = {}
base = Path("/root/.cache/kenning/guard"); base.mkdir(parents=True, exist_ok=True)
sets = [conala_set(CONALA_DIR / "test.json", base), stdlib_set(stdlib_queries(), base)]
for es in sets:
    name = "conala" if "CoNaLa" in es.name else "stdlib"
    e = Engine(EngineConfig(db_path=base / f"{name}.db"))
    e.index([es.root])
    p = Project(name, Source("pypi", name, "0"), ".", "python", "guard")
    with e.open_store(readonly=True) as store:
        b = e.searcher(store)
        raw = Searcher(store, b.embed_query, None)
        biased = Searcher(store, b.embed_query, b.bias)
        rows = []
        for n, q in enumerate(es.queries):
            rel = str(q.path.relative_to(es.root))
            text = q.path.read_text()
            end = q.line
            if name == "conala":
                end = len(text.splitlines())
            else:
                for d in extract_definitions(text, "python"):
                    if d.start_line <= q.line <= d.end_line and d.start_line >= q.line - 5:
                        end = d.end_line
                        break
            j = Judgment(f"{name}-{n}", name, "behaviour", q.query, (Relevant(rel, q.line, end, 2),))
            qi = analyse(q.query)
            req = SearchRequest(q.query, 10, Mode.HYBRID, True)
            with store.conn:
                cr, _ = raw.candidates(req, qi)
                cb, _ = biased.candidates(req, qi)
            rows.append((j, qi, cr, cb))
    out[name] = (p, rows)
    print(name, len(rows), flush=True)
pickle.dump(out, open("/tmp/exp/guard.pkl", "wb"))
