import sys, time
from pathlib import Path
from app.bench.context import PROFILES, BenchContext
from app.bench.queries import grow_synthetic
from app.core.model.provision import ensure_default_model
work = Path("/tmp/b100k"); work.mkdir(exist_ok=True)
ctx = BenchContext(PROFILES["quick"], work, ensure_default_model(print))
db = work / "synthetic.db"
for n in (10_000, 100_000):
    print(n, grow_synthetic(ctx, db, n))
