"""One embedding lane (one thread, one text per call) on the bench corpus: tokens/s per round.
Profile it: perf record -F 999 -g python bench/latency_exploration/one_lane.py 2, then perf report
--no-children --sort symbol (the ggml CPU library is stripped: group addresses by 1 KiB)."""
import time, sys
from app.bench.corpus import stdlib_corpus
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
mp = default_model_path()
e = Embedder(mp, n_threads=1)
texts = stdlib_corpus(96, e.count_tokens, 256).texts
ntok = sum(e.count_tokens(t) for t in texts)
e.embed(texts[:4])
for r in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
    t = time.perf_counter(); e.embed(texts); dt = time.perf_counter() - t
    print(f"{ntok} tokens {dt:.2f}s {ntok/dt:.0f} tok/s", flush=True)
