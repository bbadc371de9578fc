import sys, time, statistics, numpy as np
from pathlib import Path
from app.core.store.connection import open_connection
conn = open_connection(Path(sys.argv[1]), readonly=True)
def t(f, reps=30):
    ts=[]
    for _ in range(reps):
        s=time.perf_counter(); f(); ts.append((time.perf_counter()-s)*1000)
    return statistics.median(ts)
with conn:
    print("count(*)", t(lambda: conn.execute("SELECT count(*) FROM vector_q8").fetchone()))
    print("sqlite_sequence", t(lambda: conn.execute("SELECT seq FROM sqlite_sequence WHERE name='vector_q8'").fetchone()))
    print("data_version", t(lambda: conn.execute("PRAGMA data_version").fetchone()))
rng=np.random.default_rng(0)
q8 = rng.integers(-127,127,size=(100_000,384),dtype=np.int8); sc = rng.random(100_000).astype(np.float32)
q = rng.random(384).astype(np.float32)
cand = np.sort(rng.choice(100_000, 6000, replace=False))
print("int8 whole", t(lambda: (q8[cand].astype(np.float32) @ q) * sc[cand]))
def chunked(step):
    out = np.empty(len(cand), dtype=np.float32)
    for s in range(0, len(cand), step):
        c = cand[s:s+step]
        out[s:s+step] = q8[c].astype(np.float32) @ q
    return out * sc[cand]
for step in (256, 512, 1024, 2048):
    print("chunked", step, t(lambda: chunked(step)))
sub = q8[cand]
print("gather only", t(lambda: q8[cand]))
print("astype only", t(lambda: sub.astype(np.float32)))
f = sub.astype(np.float32)
print("matvec only", t(lambda: f @ q))
s_ = rng.random(6000)
print("argsort 6000", t(lambda: np.argsort(-s_, kind="stable")))
print("argpartition 226", t(lambda: np.argpartition(-s_, 226)[:226]))
