"""The shipped embedder on the bench corpus under one CPU kernel family: tokens/s of 3 rounds, and
the vectors saved for comparing families. Run once per family:
KENNING_CPU_BACKEND=<family> PYTHONPATH=. python bench/latency_exploration/kernel_families.py <family> [threads]"""
import time, sys, numpy as np
from app.bench.corpus import stdlib_corpus
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
e = Embedder(default_model_path(), n_threads=int(sys.argv[2]) if len(sys.argv) > 2 else None)
texts = stdlib_corpus(96, e.count_tokens, 256).texts
ntok = sum(e.count_tokens(t) for t in texts)
e.embed(texts[:4])
best = []
for r in range(3):
    t = time.perf_counter(); v = e.embed(texts); dt = time.perf_counter() - t
    best.append(ntok / dt)
print(sys.argv[1], "tok/s rounds", [round(x) for x in best], flush=True)
np.save(f"/tmp/s10/vec-{sys.argv[1]}.npy", v)
