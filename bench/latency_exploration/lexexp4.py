import sys, time, statistics
sys.path.insert(0, "/work/main")
from pathlib import Path
from app.core.store.store import Store
from app.core.search.lexical import WEIGHTS
from app.core.terms import query_terms
from app.core.bias.eval_sets import stdlib_queries
texts = [q for q, _, _ in stdlib_queries()]
w = ", ".join(map(str, WEIGHTS))
def expr(ts): return " OR ".join('"' + t.replace('"', '""') + '"' for t in ts)
db = sys.argv[1] if len(sys.argv) > 1 else "/tmp/syn100k.db"
with Store(Path(db), readonly=True) as store:
    c = store.conn
    c.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.v USING fts5vocab(main, chunk_fts, 'row')")
    N = c.execute("SELECT count(*) FROM chunks").fetchone()[0]
    sql = f"SELECT rowid, -bm25(chunk_fts, {w}) AS s FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY s DESC LIMIT ?"
    for share in (0.01, 0.03, 0.1, 1.0):
        ts, same, top10 = [], [], []
        for q in texts * 2:
            terms = query_terms(q)
            t = time.perf_counter()
            df = {tm: (c.execute("SELECT doc FROM temp.v WHERE term = ?", (tm,)).fetchone() or [0])[0] for tm in terms}
            rare = [tm for tm in terms if df[tm] <= share * N] or terms
            got = c.execute(sql, (expr(rare), 50)).fetchall()
            ts.append((time.perf_counter() - t) * 1000)
            ref = c.execute(sql, (expr(terms), 50)).fetchall()
            same.append(len({r for r, _ in got} & {r for r, _ in ref}) / max(len(ref), 1))
            top10.append(len({r for r, _ in got[:10]} & {r for r, _ in ref[:10]}) / max(min(len(ref), 10), 1))
        ts.sort()
        print(f"share {share}: p50 {statistics.median(ts):.1f} p95 {ts[int(len(ts)*.95)]:.1f}; top50 overlap {statistics.mean(same):.3f}, top10 {statistics.mean(top10):.3f}", flush=True)
