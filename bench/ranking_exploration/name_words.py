"""Index (copies of) the quality indexes with a checkout's chunker and score the default, hybrid raw
and semantic raw; MATRIX=<file.npy> scores another matrix.
usage: PYTHONPATH=<checkout> python name_words.py INDEXDIR SPLIT[,SPLIT] [guards]"""
import sys, time
from collections import defaultdict
from pathlib import Path
import app.quality.evaluate as EV
import app.quality.guards as G
from app.quality.projects import load_projects
from app.quality.metrics import summarise
print("app from", __import__("app").__file__, flush=True)
import os
if os.environ.get("MATRIX"):
    import app.core.bias.registry as R
    R.shipped_path = lambda fp: Path(os.environ["MATRIX"])
    R.personal_path = lambda fp: Path("/nonexistent/personal.npy")
    print("matrix", os.environ["MATRIX"], flush=True)
d = Path(sys.argv[1]); splits = sys.argv[2].split(",")
EV.index_dir = lambda: d; G.index_dir = lambda: d
confs = tuple(c for c in EV.CONFIGURATIONS if c[0] in ("default", "hybrid raw", "semantic raw"))
G.CONFIGURATIONS = confs
t = time.time()
out = EV.evaluate([p for p in load_projects() if p.split in splits], configurations=confs, say=lambda s: print(s, f"{time.time()-t:.0f}s", flush=True))
per = defaultdict(list)
for o in out:
    for key in ("all", o.judgment.kind, o.language):
        per[(o.configuration, o.split, key)].append(o.scores)
for conf in ("semantic raw", "hybrid raw", "default"):
    for sp in splits:
        keys = sorted({k for c, s, k in per if c == conf and s == sp})
        print(f"{conf:12s} {sp}: " + " ".join(f"{k[:5]}={summarise(per[(conf, sp, k)]).ndcg:.4f}" for k in ["all", "behaviour", "architecture", "symbol"] + [k for k in keys if k not in ("all", "behaviour", "architecture", "symbol")]), flush=True)
if "guards" in sys.argv:
    g = G.run_guards(say=lambda s: None)
    for name, r in g.items():
        print(f"guard {name}: " + " ".join(f"{c}={m.mrr:.4f}" for c, m in r.items()))
