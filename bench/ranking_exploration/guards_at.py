"""The two guard sets (CoNaLa, stdlib), indexed into and searched from INDEXDIR/guard-sets
with the checkout on PYTHONPATH: python guards_at.py INDEXDIR."""
import sys
from pathlib import Path
import app.quality.evaluate as EV
import app.quality.guards as G
d = Path(sys.argv[1]); EV.index_dir = lambda: d; G.index_dir = lambda: d
for name, r in G.run_guards(say=print).items():
    print(name, " ".join(f"{c}={m.mrr:.4f}" for c, m in r.items()), flush=True)
