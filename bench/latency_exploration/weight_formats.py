"""One lane (one thread) of the embedder with the shipped Q8_0 model, an F32 and an F16 GGUF of the
same checkpoint (converted first into /tmp/s10, `gguf_convert.convert_checkpoint`), interleaved:
PYTHONPATH=. python bench/latency_exploration/weight_formats.py ROUNDS (KENNING_CPU_BACKEND to force kernels)."""
import time, sys, os
from pathlib import Path
from app.bench.corpus import stdlib_corpus
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
models = {"q8": default_model_path(), "f32": Path("/tmp/s10/f32.gguf"), "f16": Path("/tmp/s10/f16.gguf")}
es = {k: Embedder(v, n_threads=1) for k, v in models.items()}
e0 = es["q8"]
texts = stdlib_corpus(96, e0.count_tokens, 256).texts
ntok = sum(e0.count_tokens(t) for t in texts)
for e in es.values(): e.embed(texts[:4])
for r in range(int(sys.argv[1])):
    for k, e in es.items():
        t = time.perf_counter(); e.embed(texts); dt = time.perf_counter() - t
        print(k, f"{ntok} tokens {dt:.2f}s {ntok/dt:.0f} tok/s", flush=True)
