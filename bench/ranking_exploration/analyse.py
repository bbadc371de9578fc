"""Per-query look at projects: default / hybrid raw NDCG, pool recall, top results."""
import sys, os
from statistics import mean
from app.quality.projects import load_projects
from app.quality.evaluate import project_engine, K
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score
from app.core.search.request import Mode, SearchRequest
from app.core.search.query_kind import analyse as qa

names = [a for a in sys.argv[1:] if not a.startswith("-")]
verbose = "-v" in sys.argv
for p in load_projects():
    if p.name not in names:
        continue
    js = load_judgments(p)
    eng = project_engine(p)
    with eng.open_store(readonly=True) as store:
        s = eng.searcher(store)
        n = store.conn.execute("select count(*) from chunks").fetchone()[0]
        rows = []
        for j in js:
            out = {}
            for name, bias in (("default", True), ("raw", False)):
                r = s.search(SearchRequest(j.query, K, Mode.HYBRID, bias))
                hits = [Hit(x.rel_path, x.start_line, x.end_line) for x in r.results]
                out[name] = (score(j, hits).ndcg, hits)
            with store.conn:
                cands, _ = s.candidates(SearchRequest(j.query, K, Mode.HYBRID, True), qa(j.query))
            inpool = any(c.rel_path == sp.path and c.start_line <= sp.end and sp.start <= c.end_line
                         for c in cands for sp in j.relevant if sp.grade == 2)
            rows.append((j, out, inpool, len(cands)))
        print(f"== {p.name}: {n} snippets, {len(js)} queries; default {mean(r[1]['default'][0] for r in rows):.3f} "
              f"raw {mean(r[1]['raw'][0] for r in rows):.3f} pool recall {mean(r[2] for r in rows):.2f}")
        for kind in ("behaviour", "architecture", "symbol"):
            sub = [r for r in rows if r[0].kind == kind]
            if sub:
                print(f"   {kind}: default {mean(r[1]['default'][0] for r in sub):.3f} raw {mean(r[1]['raw'][0] for r in sub):.3f} pool {mean(r[2] for r in sub):.2f}")
        for j, out, inpool, nc in rows:
            d = out["default"][0]
            print(f"{j.id:18} {j.kind[:5]} d={d:.3f} r={out['raw'][0]:.3f} pool={'Y' if inpool else 'n'} | {j.query[:70]}")
            if verbose and d < 0.7:
                print("      want:", [(sp.path, sp.start, sp.end, sp.grade) for sp in j.relevant][:3])
                for h in out["default"][1][:5]:
                    print("      got:", h.rel_path, h.start, h.end)
