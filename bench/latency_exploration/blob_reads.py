import sys, time, statistics, random
from pathlib import Path
import numpy as np
from app.core.store.connection import open_connection
from app.core.search.vector_index import float_vectors
from warm import blob_vectors as shared_blob_vectors
conn = open_connection(Path(sys.argv[1]), readonly=True)
all_ids = [r[0] for r in conn.execute("SELECT rowid FROM chunk_vectors_rowids")]
rng = random.Random(1)
def blob_vectors(ids):
    return shared_blob_vectors(conn, ids)
a_ms, b_ms = [], []
for _ in range(40):
    ids = rng.sample(all_ids, 260)
    with conn:
        s = time.perf_counter(); fa, va = float_vectors(conn, ids); a_ms.append((time.perf_counter()-s)*1000)
        s = time.perf_counter(); fb, vb = blob_vectors(ids); b_ms.append((time.perf_counter()-s)*1000)
    assert fa == fb and np.array_equal(va, vb)
print(f"vtab one by one {statistics.median(a_ms):.2f} ms, blob {statistics.median(b_ms):.2f} ms (260 vectors)")
