"""Where a matrix search's semantic side spends its time at 100k: the index's nearest rows,
then the float vectors read one by one and 1/||Bd|| for each (semantic.py's re-scoring)."""
import statistics, sys, time
from pathlib import Path
import numpy as np
from app.core.engine import Engine, EngineConfig
from app.core.search import semantic as S
from app.core.search.vector_index import float_vectors
from app.core.bias.eval_sets import stdlib_queries
engine = Engine(EngineConfig(db_path=Path(sys.argv[1])))
texts = [q for q, _, _ in stdlib_queries()]
bias = engine.bias().matrix
t = {"nearest": [], "float vectors": [], "doc scale": [], "whole": []}
with engine.open_store(readonly=True) as store:
    conn = store.conn
    vecs = [bias.apply(engine.query_vectors()(q)).astype(np.float32) for q in texts]
    with conn:
        S.semantic_search(conn, vecs[0], 150, "1", [], bias.doc_scale)
    for _ in range(3):
        for v in vecs:
            with conn:
                limit = 150  # the window: k = 50, 3 candidates per result
                a = time.perf_counter()
                hits = S._nearest(conn, v, limit * S.RESCALE_OVERFETCH + S.RESCALE_MARGIN, "1", [], exact=False)
                b = time.perf_counter()
                ids, vectors = float_vectors(conn, [i for i, _ in hits])
                c = time.perf_counter()
                scale = bias.doc_scale(vectors)
                d = time.perf_counter()
                S.semantic_search(conn, v, limit, "1", [], bias.doc_scale)
                e = time.perf_counter()
            t["nearest"].append((b - a) * 1000); t["float vectors"].append((c - b) * 1000)
            t["doc scale"].append((d - c) * 1000); t["whole"].append((e - d) * 1000)
print("rows re-scored:", len(hits))
for k, v in t.items():
    print(f"{k}: median {statistics.median(v):.2f} ms")
