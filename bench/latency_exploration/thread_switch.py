import time, statistics, llama_cpp
from pathlib import Path
from app.core.model.embedder import Embedder
from app.core.bias.eval_sets import stdlib_queries
texts = [q for q, _, _ in stdlib_queries()]
e = Embedder(Path("/root/.local/share/kenning/models/all-MiniLM-L6-v2-Q8_0.gguf"))
ctx = e._main
ctx.threads.choose = lambda: ctx._force
def run(th, n):
    ctx._force = th; out=[]
    for q in texts[:n]:
        t=time.perf_counter(); ctx.embed(q); out.append((time.perf_counter()-t)*1000)
    return out
ctx._force=2; run(2, 5)
for rnd in range(4):
    a = run(2, 10); b = run(1, 10)
    print("2 threads: first %.2f rest %.2f | 1 thread: first %.2f rest %.2f" % (a[0], statistics.median(a[1:]), b[0], statistics.median(b[1:])))
# sleep between calls
for th in (2,1):
    ctx._force=th; out=[]
    for q in texts:
        time.sleep(0.02); t=time.perf_counter(); ctx.embed(q); out.append((time.perf_counter()-t)*1000)
    print(th, "threads with 20 ms sleep between: median %.2f" % statistics.median(out))
