"""The guard sets with each of several learned-order forests copied in turn over the
shipped one, which is put back at the end (7 Dec, session 27: the forest retrained on
chunker 9's indexes against the shipped one).
Usage: PYTHONPATH=. python guards_forests.py FOREST.json ..."""
import shutil
import sys
import tempfile
from pathlib import Path

from app.core.search import learned_order as lo
from app.quality.guards import render, run_guards

SHIPPED = Path("models/ranking/order.json")
with tempfile.TemporaryDirectory() as work:
    kept = Path(work) / "order.json"
    shutil.copy(SHIPPED, kept)
    try:
        for forest in [str(kept), *sys.argv[1:]]:
            shutil.copy(forest, SHIPPED)
            lo.shipped_forest.cache_clear()
            print("shipped" if forest == str(kept) else forest)
            print("\n".join(render(run_guards(lambda s: None))), flush=True)
    finally:
        shutil.copy(kept, SHIPPED)
