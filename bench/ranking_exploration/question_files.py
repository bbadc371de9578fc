"""For questions only, other file coherence weights and results free per file (weight, free),
on the vector dump, base = the ranking stage of now: python question_files.py. (Built on
name_bonus.py's harness, its bonus off.)"""
import pickle, sys, dataclasses, re
from collections import defaultdict
import numpy as np, apsw
from app.core.search.query_kind import analyse
sys.path.insert(0, "/work/main/bench/ranking_exploration")
from app.core.search import ranking as R
from app.quality.metrics import Hit, score, summarise
from score import load, cosines, KINDS
DB = {"conala": "/root/.cache/kenning/guard/conala.db", "stdlib": "/root/.cache/kenning/guard/stdlib.db"}
D = pickle.load(open("/tmp/exp3/all.pkl", "rb"))
m = load("/work/main/models/bias/d274298f9d490669.npy")
COMMENT = re.compile(r"^\s*(#|//|/\*|\*|--|;|\"\"\"|''')")
def comment_share(text):
    lines = [l for l in text.splitlines() if l.strip()]
    # skip the header line(s)? chunks.text is the code itself
    return sum(bool(COMMENT.match(l)) for l in lines) / max(1, len(lines))
INFO = {}
for name in D:
    c = apsw.Connection(DB.get(name, f"/root/.cache/kenning/quality-index/{name}.db"), flags=apsw.SQLITE_OPEN_READONLY)
    INFO[name] = {cid: (kind, comment_share(text)) for cid, kind, text in c.execute("select id, kind, text from chunks")}
stat = defaultdict(int)
orig_role = R.role_factor
CUR = {}
CONTAINERS = {"class", "module", "namespace", "impl", "trait", "interface", "struct", "enum", "extension"}
import re as _re
_Q = _re.compile(r"^(how|where|what|which|why|when)\b", _re.I)
_TASK = _re.compile(r"^how (do|can|should|would) (i|we|you)\b|^how to\b", _re.I)
MECH = lambda t: bool(_Q.match(t.strip())) and not _TASK.match(t.strip())
MODE = ["none", 1.0, 0.8]
def role_factor(q, c, factors):
    f = orig_role(q, c, factors)
    kind, share = CUR[c.chunk_id]
    mode, fac, thr = MODE
    if mode == "fncap" and q.kind.name != "IDENTIFIER" and _Q.match(q.text.strip()) and kind in ("function", "method"):
        span = (c.def_end - c.def_start + 1) if c.def_start is not None else (c.end_line - c.start_line + 1)
        f *= max(1, min(span, thr)) ** fac
    if mode == "fnmech" and q.kind.name != "IDENTIFIER" and MECH(q.text) and kind in ("function", "method"):
        span = (c.def_end - c.def_start + 1) if c.def_start is not None else (c.end_line - c.start_line + 1)
        f *= max(1, span) ** fac
    if mode in ("cap", "fn") and q.kind.name != "IDENTIFIER" and _Q.match(q.text.strip()):
        span = (c.def_end - c.def_start + 1) if c.def_start is not None else (c.end_line - c.start_line + 1)
        if mode == "cap":
            span = min(span, thr)
        if mode == "cap" or kind in ("function", "method"):
            f *= max(1, span) ** fac
    if mode == "mech" and q.kind.name != "IDENTIFIER" and MECH(q.text):
        span = (c.def_end - c.def_start + 1) if c.def_start is not None else (c.end_line - c.start_line + 1)
        f *= max(1, span) ** fac
    if mode in ("len", "lenhow") and q.kind.name != "IDENTIFIER" and (mode == "len" or q.text.lower().split()[0] in ("how", "where", "what", "which", "when", "why")):
        span = (c.def_end - c.def_start + 1) if c.def_start is not None else (c.end_line - c.start_line + 1)
        f *= max(1, span) ** fac
    if mode == "decl" and kind == "declaration" and q.kind.name != "IDENTIFIER":
        f *= fac
    if mode == "declall" and kind == "declaration":
        f *= fac
    if GRID == "types" and kind == "block" and c.symbol is None and not c.names and q.kind.name != "IDENTIFIER":
        f *= 0.65  # the first part, as shipped
    if mode == "comment" and kind == "block" and share >= thr:
        f *= fac
    elif mode == "block" and kind == "block" and c.symbol is None:
        f *= fac
    elif mode == "container" and kind in CONTAINERS and c.def_start is not None and (c.def_start < c.start_line or c.def_end > c.end_line) and q.kind.name != "IDENTIFIER":
        f *= fac
    elif mode == "cnodata" and kind in CONTAINERS - {"struct", "enum"} and c.def_start is not None and (c.def_start < c.start_line or c.def_end > c.end_line) and q.kind.name != "IDENTIFIER":
        f *= fac
    elif mode == "containerall" and kind in CONTAINERS and q.kind.name != "IDENTIFIER":
        f *= fac
    elif mode == "nlbn" and kind == "block" and c.symbol is None and not c.names and q.kind.name != "IDENTIFIER":
        f *= fac
    elif mode == "nlbw" and kind in ("block", "window") and c.symbol is None and q.kind.name != "IDENTIFIER":
        f *= fac
    elif mode == "nlblock" and kind == "block" and c.symbol is None and q.kind.name != "IDENTIFIER":
        f *= fac
    return f
R.role_factor = role_factor
from app.core.terms import split_identifier
orig_path = R.path_match
NAMEW = [0.0]
CURC = {}
def path_match(qw, rel):
    return orig_path(qw, rel)
R.path_match = path_match
orig_boost = R.symbol_boost
def symbol_boost(query, c, weights):
    b = orig_boost(query, c, weights)
    if NAMEW[0] and query.kind.name != "IDENTIFIER":
        qw = {R._stem(w) for w in query.words}
        names = c.names or ((c.symbol,) if c.symbol else ())
        nw = {R._stem(w) for n in names for w in split_identifier(n.split(".")[-1])}
        if qw:
            b += NAMEW[0] * len(qw & nw) / len(qw)
    return b
R.symbol_boost = symbol_boost
# the shipped factor off: the base is the ranking stage as it was on the morning of 5 Dec
UNSHIPPED = R.WEIGHTS
def run():
    per = defaultdict(list)
    for name, (p, rows) in D.items():
        CUR.clear(); CUR.update(INFO[name])
        for r in rows:
            j, q, cands = r["j"], analyse(r["j"].query), r["cands"]
            d = cosines(m, r["qvec"], r["vecs"])
            order = np.argsort(-d)[:50]
            keep = {cands[i].chunk_id for i in order} | set(r["lex"]) | set(r["named"])
            c = [dataclasses.replace(x, dense=float(s)) for x, s in zip(cands, d) if x.chunk_id in keep]
            top = [{x.chunk_id: x for x in c}[t.chunk_id] for t in R.rank(q, c, 10, UNSHIPPED)]
            sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
            for key in ("all", j.kind, p.language, name):
                per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}
def show(label, r, base=None):
    for sp in ("dev", "test"):
        langs = sorted({k for s, k in r if s == sp and k not in ("all", *KINDS)} - set(D))
        def f(k):
            v = r[(sp, k)].ndcg
            return f"{v:.3f}" if base is None else f"{v:.3f}({v - base[(sp, k)].ndcg:+.3f})"
        print(f"{label:14s} {sp:4s} all={f('all')} " + " ".join(f"{k[:3]}={f(k)}" for k in KINDS) + " | "
              + " ".join(f"{k[:5]}={f(k)}" for k in langs))
    print(f"{label:14s} guard conala={r[('guard','conala')].mrr:.4f} stdlib={r[('guard','stdlib')].mrr:.4f}", flush=True)
GRID = "x"
base = run(); show("base", base)
GRIDS = {
    "blocks": [("comment", 0.8, 0.8), ("comment", 0.6, 0.8), ("comment", 0.5, 0.8), ("comment", 0.6, 0.6),
               ("block", 0.9, 0), ("block", 0.8, 0), ("block", 0.6, 0),
               *[("nlblock", f, 0) for f in (0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.5, 0.4)],
               ("nlbw", 0.65, 0), ("nlbw", 0.8, 0), ("nlbn", 0.75, 0), ("nlbn", 0.65, 0), ("nlbn", 0.5, 0)],
    "types": [*[("container", f, 0) for f in (0.9, 0.8, 0.75, 0.7, 0.65, 0.6, 0.5)],
              ("cnodata", 0.8, 0), ("cnodata", 0.65, 0), ("containerall", 0.9, 0), ("containerall", 0.8, 0)],
}
COH = [None]
orig_cohere = R.cohere
orig_rank = R.rank
def rank(q, c, limit, weights=R.WEIGHTS):
    if COH[0] is not None and q.question:
        weights = dataclasses.replace(weights, coherence=COH[0][0], file_free=COH[0][1])
    return orig_rank(q, c, limit, weights)
R.rank = rank
for mode, fac, thr in [("coh", w, f) for w, f in ((0.1, 4), (0.2, 4), (0.3, 4), (0.05, 3), (0.05, 6))]:
    MODE[:] = ["none", 1, 0]; COH[0] = (fac, thr)
    show(f"{mode}{fac}/{thr}", run(), base)
