"""Raw MiniLM (shipped GGUF) vectors of the adapter's training and validation code, from the bias cache."""
import json, sys, numpy as np
from app.core.engine import Engine, EngineConfig
from app.core.bias.embed_cache import EmbeddingCache
from app.core.paths import cache_dir
eng = Engine(EngineConfig())
cache = EmbeddingCache(cache_dir() / "bias-embeddings", eng.query_embedder())
for name in ("train", "val"):
    rows = [json.loads(l) for l in open(f"/tmp/ft/data/{name}.jsonl")]
    codes = [r["c"] for r in rows]
    from app.core.bias.embed_cache import _key
    have = sum(_key(c) in cache._index for c in codes)
    print(name, len(codes), "cached", have, flush=True)
    v = cache.embed(codes, lambda a, b: print(a, b, flush=True))
    np.save(f"/tmp/ft/data/{name}_code_raw.npy", v.astype(np.float32))
