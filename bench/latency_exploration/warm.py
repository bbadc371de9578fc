"""What the 5 Dec (second session) scripts share: the stdlib queries, and a searcher
on the index named by argv[1] that has searched once, its background builds done."""
import sys
import numpy as np
from contextlib import contextmanager
from pathlib import Path
from app.core import background
from app.core.bias.eval_sets import stdlib_queries
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import ensure_default_model
from app.core.search.lexical_index import wait_for_lexical_index
from app.core.search.request import SearchRequest

TEXTS = [q for q, _, _ in stdlib_queries()]


@contextmanager
def warm_searcher():
    engine = Engine(EngineConfig(db_path=Path(sys.argv[1]), model_path=ensure_default_model()))
    with engine.open_store(readonly=True) as store:
        searcher = engine.searcher(store)
        searcher.search(SearchRequest("warm", k=50, languages=("python",)))
        background.settle(); wait_for_lexical_index(store.conn)
        yield engine, store, searcher


def blob_vectors(conn, ids):
    """(ids found, their float vectors) read from sqlite-vec's shadow tables with blob I/O."""
    if not ids: return [], np.zeros((0,0), np.float32)
    listed = ",".join(map(str, ids))
    where = {r[0]: (r[1], r[2]) for r in conn.execute(
        f"SELECT rowid, chunk_id, chunk_offset FROM chunk_vectors_rowids WHERE rowid IN ({listed})")}
    found, out = [], []
    for i in ids:
        loc = where.get(i)
        if loc is None or loc[0] is None: continue
        with conn.blob_open("main", "chunk_vectors_vector_chunks00", "vectors", loc[0], False) as b:
            b.seek(loc[1] * 1536); out.append(b.read(1536))
        found.append(i)
    return found, np.frombuffer(b"".join(out), dtype=np.float32).reshape(len(out), -1)
