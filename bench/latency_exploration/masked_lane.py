"""One lane (or N threads) embedding the bench corpus 3 times: tokens/s; the vectors saved.

Usage: masked_lane.py OUT.npy THREADS (run under the CPUID mask by haswell_ab.sh)
"""
import sys, time, json, os
sys.path.insert(0, "/work/main")
from app.core.model.embedder import Embedder
from pathlib import Path
import numpy as np
texts = json.load(open("/tmp/s17/corpus.json"))  # the bench corpus, saved by Corpus.save
e = Embedder(Path("/root/.local/share/kenning/models/all-MiniLM-L6-v2-Q8_0.gguf"), n_threads=int(sys.argv[2]))
e.embed(texts[:4])
ts = []
for _ in range(3):
    t = time.perf_counter(); v = e.embed(texts); ts.append(time.perf_counter() - t)
np.save(sys.argv[1], v)
print(sys.argv[1], [round(x, 2) for x in ts], round(11615/min(ts)))
