"""Each matrix through the real searcher (hybrid, the shipped ranking stage) on the
evaluation set's dev split (NDCG@10 per kind and language), the two guard sets and the
held-out queries (MRR): python matrices_everywhere.py DATA HELDOUT_DB M1.npy [none|M2.npy ...]

DATA is `kenning bias data`'s folder, HELDOUT_DB the held-out index `kenning bias eval
--work W` left in W (held-out.db); the guard indexes are the ones `make quality` keeps."""
import os
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

from app.core.bias.eval_sets import conala_set, heldout_set, stdlib_queries, stdlib_set
from app.core.bias.evaluate import DEPTH, rank_of
from app.core.bias.matrix import BiasMatrix
from app.core.engine import Engine, EngineConfig
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.quality.evaluate import project_engine
from app.quality.guards import guard_dir
from app.quality.judgments import load_judgments
from app.quality.metrics import Hit, score, summarise
from app.quality.projects import load_projects

data, heldout_db, *names = sys.argv[1:]
matrices = {n: None if n == "none" else BiasMatrix.load(Path(n)) for n in names}
split = os.environ.get("SPLIT", "dev")  # the split to score: decide on dev, report test


def mrr(db: Path, eval_set) -> dict[str, float]:
    engine = Engine(EngineConfig(db_path=db))
    out = {}
    with engine.open_store(readonly=True) as store:
        embed = engine.searcher(store).embed_query
        for name, matrix in matrices.items():
            searcher = Searcher(store, embed, matrix, in_memory_index=True)
            ranks = [rank_of(searcher.search(SearchRequest(q.query, DEPTH, Mode.HYBRID,
                                                           matrix is not None)).results, q)
                     for q in eval_set.queries]
            out[name] = float(np.mean([1 / r if r else 0.0 for r in ranks]))
    return out


per = defaultdict(list)
for project in load_projects():
    if project.split != split:
        continue
    engine = project_engine(project)
    with engine.open_store(readonly=True) as store:
        embed = engine.searcher(store).embed_query
        for name, matrix in matrices.items():
            searcher = Searcher(store, embed, matrix)
            for j in load_judgments(project):
                results = searcher.search(SearchRequest(j.query, 10, Mode.HYBRID,
                                                        matrix is not None)).results
                s = score(j, [Hit(r.rel_path, r.start_line, r.end_line) for r in results])
                blind = int(j.id.rsplit("-", 1)[1]) > 20
                for key in ("all", j.kind, project.language, "blind" if blind else "first"):
                    per[(name, key)].append(s)
work = guard_dir()
guards = {"conala": mrr(work / "conala.db", conala_set("test", work)),
          "stdlib": mrr(work / "stdlib.db", stdlib_set(stdlib_queries(), work)),
          "held-out": mrr(Path(heldout_db), heldout_set(Path(data)))}
keys = ["all", "first", "blind", "behaviour", "architecture", "symbol",
        *sorted({k for _, k in per} - {"all", "first", "blind", "behaviour", "architecture",
                                        "symbol"})]
print(f"{'matrix':28s}" + " ".join(f"{k[:6]:>6s}" for k in keys) + "  conala stdlib heldout")
for name in matrices:
    print(f"{Path(name).name[:28]:28s}" + " ".join(f"{summarise(per[(name, k)]).ndcg:6.3f}"
                                                   for k in keys)
          + f"  {guards['conala'][name]:.3f}  {guards['stdlib'][name]:.3f}  "
            f"{guards['held-out'][name]:.3f}", flush=True)
