import sys, json
sys.path.insert(0,"/work/main")
import numpy as np
from pathlib import Path
from app.core.bias.embed_cache import EmbeddingCache
from app.core.model.embedder import Embedder
from app.core.model.provision import default_model_path
from app.core.bias.train import TrainSettings, train_matrix, evaluate
emb = Embedder(default_model_path(), n_threads=1)
cache = EmbeddingCache(Path.home()/".cache/kenning/bias-embeddings", emb)
rows=[json.loads(l) for l in open('/tmp/gemma/llm_queries.jsonl')]
lq = cache.embed([r["query"] for r in rows]); ld = cache.embed([r["code"] for r in rows])
dq = cache.embed([r["query_raw"] for r in rows])
a = np.load("/tmp/harvest/arrays.npz"); c = np.load("/tmp/harvest/conala.npz")
trq, trd, vaq, vad = a["trq"], a["trd"], a["vaq"], a["vad"]
print("on the", len(rows), "functions: raw MRR with llm queries", round(evaluate(lq, ld).mrr,4), "with doc queries", round(evaluate(dq, ld).mrr,4))
base_q = np.vstack([trq, c["tq"]]); base_d = np.vstack([trd, c["td"]])
for name, (q, d) in {"harvest+conala": (base_q, base_d), "harvest+conala+llm": (np.vstack([base_q, lq]), np.vstack([base_d, ld]))}.items():
    rs=[]
    for seed in range(3):
        r = train_matrix(q, d, vaq, vad, TrainSettings(seed=seed))
        rs.append(r.after.mrr)
    print(name, [round(x,4) for x in rs], "conala test", round(evaluate(c["cq"], c["cd"], r.weights).mrr,4), flush=True)
