"""Guard MRR (CoNaLa test, stdlib) of the default with other matrix shares."""
import sys
from app.core.search.ranking import WEIGHTS
from app.quality import guards
from app.quality.evaluate import CONFIGURATIONS
guards.CONFIGURATIONS = tuple(c for c in CONFIGURATIONS if c[0] == "default")
import app.quality.guards as G
for share in map(float, sys.argv[1:]):
    object.__setattr__(WEIGHTS, "matrix_share", share)
    G.CONFIGURATIONS = guards.CONFIGURATIONS
    r = G.run_guards(say=lambda s: None)
    print(share, " ".join(f"{k[:6]} {v['default'].mrr:.4f}" for k, v in r.items()), flush=True)
