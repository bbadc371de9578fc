"""The two guard sets (CoNaLa, stdlib) alone, indexed and searched with the checkout on
PYTHONPATH: KENNING_QUALITY_INDEXES=INDEXDIR python guards_at.py (INDEXDIR/guard-sets)."""
from app.quality.guards import run_guards

for name, r in run_guards(say=print).items():
    print(name, " ".join(f"{c}={m.mrr:.4f}" for c, m in r.items()), flush=True)
