import sys, time, statistics, random
from pathlib import Path
import numpy as np
from app.core.store.connection import open_connection
from app.core.search.vector_index import float_vectors
conn = open_connection(Path(sys.argv[1]), readonly=True)
all_ids = [r[0] for r in conn.execute("SELECT rowid FROM chunk_vectors_rowids")]
rng = random.Random(1)
def blob_vectors(ids):
    listed = ",".join(map(str, ids))
    where = {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT rowid, chunk_id, chunk_offset FROM chunk_vectors_rowids WHERE rowid IN ({listed})")}
    found, out = [], []
    for i in ids:
        loc = where.get(i)
        if loc is None: continue
        with conn.blob_open("main", "chunk_vectors_vector_chunks00", "vectors", loc[0], False) as b:
            b.seek(loc[1] * 1536); out.append(b.read(1536))
        found.append(i)
    return found, np.frombuffer(b"".join(out), dtype=np.float32).reshape(len(out), -1)
a_ms, b_ms = [], []
for _ in range(40):
    ids = rng.sample(all_ids, 260)
    with conn:
        s = time.perf_counter(); fa, va = float_vectors(conn, ids); a_ms.append((time.perf_counter()-s)*1000)
        s = time.perf_counter(); fb, vb = blob_vectors(ids); b_ms.append((time.perf_counter()-s)*1000)
    assert fa == fb and np.array_equal(va, vb)
print(f"vtab one by one {statistics.median(a_ms):.2f} ms, blob {statistics.median(b_ms):.2f} ms (260 vectors)")
