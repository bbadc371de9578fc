import time, statistics
from pathlib import Path
import apsw
from app.core.store.store import Store
from app.core.search.lexical import fts_query, lexical_search, _bm25
from app.core.bias.eval_sets import stdlib_queries
store = Store(Path("/tmp/b100k/synthetic.db"), readonly=True)
conn = store.conn
texts = [q for q, _, _ in stdlib_queries()]
import random
random.seed(1)
ids = random.sample(range(1, 100001), 200)
for label, fn in [
    ("IN", lambda e: list(conn.execute(f"SELECT rowid, {_bm25()} FROM chunk_fts WHERE chunk_fts MATCH ? AND rowid IN ({','.join(map(str, ids))})", (e,)))),
    ("per-row", lambda e: [conn.execute(f"SELECT rowid, {_bm25()} FROM chunk_fts WHERE chunk_fts MATCH ? AND rowid = ?", (e, i)).fetchone() for i in ids]),
    ("full top50", lambda e: list(conn.execute(f"SELECT rowid, {_bm25()} AS s FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY s DESC LIMIT 50", (e,)))),
    ("rank top50", lambda e: list(conn.execute(f"SELECT rowid, rank FROM chunk_fts WHERE chunk_fts MATCH ? ORDER BY rank LIMIT 50", (e,)))),
]:
    ts = []
    for t in texts:
        e = fts_query(t)
        t0 = time.perf_counter(); fn(e); ts.append((time.perf_counter() - t0) * 1000)
    print(label, round(statistics.median(ts), 1), round(max(ts), 1))
