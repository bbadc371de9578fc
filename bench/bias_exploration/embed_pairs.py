import sys, time
sys.path.insert(0,"/work/main")
from pathlib import Path
from app.core.bias.dataset import read_pairs, embed_pairs
from app.core.bias.embed_cache import EmbeddingCache
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
emb = Embedder(default_model_path(), n_threads=1)
cache = EmbeddingCache(Path.home()/".cache/kenning/bias-embeddings", emb)
for split in sys.argv[1:]:
    recs = read_pairs(Path(f"/tmp/harvest/ds/pairs-{split}.jsonl"))
    t=time.time()
    for field in ("query", "query_raw"):
        cache.embed([r[field] for r in recs])
    print(split, "queries", time.time()-t, flush=True)
    cache.embed([r["code"] for r in recs], lambda a,b: print(split, a, b, f"{time.time()-t:.0f}s", flush=True))
    print(split, "done", time.time()-t, flush=True)
