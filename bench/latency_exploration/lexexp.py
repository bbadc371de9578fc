import sys, time, statistics
sys.path.insert(0, "/work/main")
from pathlib import Path
from app.core.store.store import Store
from app.core.search.lexical import fts_query, WEIGHTS
from app.core.bias.eval_sets import stdlib_queries
texts = [q for q, _, _ in stdlib_queries()]
w = ", ".join(map(str, WEIGHTS))
with Store(Path("/tmp/syn100k.db"), readonly=True) as store:
    c = store.conn
    variants = {
      "current": (f"SELECT chunk_fts.rowid, -bm25(chunk_fts, {w}) AS s FROM chunk_fts JOIN chunks c ON c.id = chunk_fts.rowid JOIN files f ON f.id = c.file_id WHERE chunk_fts MATCH ? AND 1 ORDER BY s DESC LIMIT ?"),
      "nojoin": (f"SELECT rowid, -bm25(chunk_fts, {w}) AS s FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY s DESC LIMIT ?"),
      "count": ("SELECT count(*), ? FROM chunk_fts WHERE chunk_fts MATCH ?"),
    }
    for name, sql in variants.items():
        ts = []
        for _ in range(2):
            for q in texts:
                e = fts_query(q)
                t = time.perf_counter()
                if name == "count":
                    n = c.execute(sql, (0, e)).fetchall()
                else:
                    c.execute(sql, (e, 50)).fetchall()
                ts.append((time.perf_counter() - t) * 1000)
        ts.sort()
        print(f"{name}: p50 {statistics.median(ts):.1f} p95 {ts[int(len(ts)*.95)]:.1f}")
    for q in texts[:8]:
        e = fts_query(q)
        print(q, "|", e, c.execute("SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH ?", (e,)).fetchone()[0])
