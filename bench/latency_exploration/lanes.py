"""Two one-thread Embedders fed from a shared queue against one two-thread Embedder, on the
bench corpus (4 interleaved rounds). Written before the lanes shipped: since then
Embedder(n_threads=2) runs several texts on lanes itself, so both rows measure lanes."""
import time, threading, statistics
import numpy as np
from app.bench.corpus import stdlib_corpus
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
mp = default_model_path()
texts = stdlib_corpus(96, Embedder(mp, n_threads=1).count_tokens, 256).texts
two = Embedder(mp, n_threads=2)
lanes = [Embedder(mp, n_threads=1) for _ in range(2)]
def par(ts):
    out = [None] * len(ts); it = iter(range(len(ts))); lock = threading.Lock()
    def work(e):
        while True:
            with lock:
                i = next(it, None)
            if i is None: return
            out[i] = e.embed([ts[i]])[0]
    th = [threading.Thread(target=work, args=(e,)) for e in lanes]
    [t.start() for t in th]; [t.join() for t in th]
    return np.array(out)
two.embed(texts[:4]); par(texts[:4])
res = {"two": [], "lanes": []}
for r in range(4):
    for name, f in (("two", two.embed), ("lanes", par)) if r % 2 == 0 else (("lanes", par), ("two", two.embed)):
        t = time.perf_counter(); v = f(texts); res[name].append(time.perf_counter() - t)
        if name == "lanes": V = v
        else: W = v
print({k: round(statistics.median(v), 2) for k, v in res.items()}, "equal:", np.array_equal(V, W))
