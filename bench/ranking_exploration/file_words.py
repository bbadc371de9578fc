"""Query words anywhere in the candidate's file (the share of them), on top of the file meaning,
on the vector dump: PYTHONPATH=. python file_words.py 0.05 0.1 0.2"""
import sys
from pathlib import Path
import file_centroid as F
import variants as V
from app.core.store.connection import open_connection
from app.core.search.ranking import _stem
from app.core.terms import query_terms
WORDS = {}
def words(name):
    if name not in WORDS:
        db = V.GUARD_DBS.get(name) or F.INDEXES / f"{name}.db"
        conn = open_connection(Path(db), readonly=True)
        out = {}
        for fid, text, sym in conn.execute("select file_id, text, coalesce(symbol,'') from chunks"):
            out.setdefault(fid, set()).update(_stem(w) for w in query_terms(text + " " + sym))
        WORDS[name] = out
    return WORDS[name]
def variant(g, idf=False):
    base = F.variant("0.15,loo")["fuse"]
    def fuse(q, cands, scores):
        scores = base(q, cands, scores)
        qw = {_stem(w) for w in q.words}
        if not qw or q.kind == "identifier": return scores
        W = words(V.HOOKS["project"])
        return [sc + g * len(qw & W.get(c.file_id, set())) / len(qw) for sc, c in zip(scores, cands)]
    return {"fuse": fuse}
V.read_info = lambda: None
base = V.run(V.R.WEIGHTS, **F.variant("0.15,loo")); V.show("file meaning 0.15", base)
for g in map(float, sys.argv[1:]):
    V.show(f"+ file words {g}", V.run(V.R.WEIGHTS, **variant(g)), base)
