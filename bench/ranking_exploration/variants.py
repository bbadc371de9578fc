"""What the ranking-variant scripts of 5 Dec (afternoon) share: every query of the vector dump
(`dump_vec.py`, /tmp/exp3/all.pkl) ranked through the real ranking stage with the shipped matrix,
with hooks for a variant, scored per split, kind, language and guard set.

Hooks (each optional), called for every candidate of every query:
- factor(q, c) -> float: multiplies the score after the file roles (a prior);
- bonus(q, c) -> float: added with the symbol boost;
- fuse(q, candidates, scores) -> scores: replaces the fused scores;
- weights_for(q) -> Weights: the ranking stage's weights for that query.
`q` is the query read again (`analyse`: older dumps lack newer fields), `c` a Candidate;
`INFO[c.chunk_id]` holds its chunk's kind and share of comment lines, read from the indexes.
"""
import dataclasses
import pickle
import re
import sys
from collections import defaultdict

import apsw
import numpy as np

from app.core.chunking.languages import detect_language
from app.core.search import ranking as R
from app.core.search.query_kind import analyse
from app.quality.metrics import Hit, score, summarise
import score as score_script
from score import cosines, load

DUMP = "/tmp/exp3/all.pkl"
MATRIX = "/work/main/models/bias/d274298f9d490669.npy"
GUARD_DBS = {"conala": "/root/.cache/kenning/guard/conala.db",
             "stdlib": "/root/.cache/kenning/guard/stdlib.db"}
POOL = 50
_COMMENT = re.compile(r"^\s*(#|//|/\*|\*|--|;|\"\"\"|''')")

D = pickle.load(open(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1].endswith(".pkl") else DUMP, "rb"))
M = load(MATRIX)
score_script.NAMES = set(D)  # score.show leaves projects out of its language columns
show = score_script.show
INFO = {}
HOOKS = {}
_role, _boost, _fuse = R.role_factor, R.symbol_boost, R.fuse


def database(name):
    return GUARD_DBS.get(name, f"/root/.cache/kenning/quality-index/{name}.db")


def comment_share(text):
    lines = [line for line in text.splitlines() if line.strip()]
    return sum(bool(_COMMENT.match(line)) for line in lines) / max(1, len(lines))


def read_info():
    """Each chunk's kind and share of comment lines, for the hooks (INFO)."""
    for name in D:
        conn = apsw.Connection(database(name), flags=apsw.SQLITE_OPEN_READONLY)
        INFO.update({(name, cid): (kind, comment_share(text))
                     for cid, kind, text in conn.execute("select id, kind, text from chunks")})


def _hooked_role(q, c, factors):
    f = _role(q, c, factors)
    return f * HOOKS["factor"](q, c) if "factor" in HOOKS else f


def _hooked_boost(q, c, weights):
    b = _boost(q, c, weights)
    return b + HOOKS["bonus"](q, c) if "bonus" in HOOKS else b


R.role_factor, R.symbol_boost = _hooked_role, _hooked_boost


def ranked(weights=R.WEIGHTS, limit=10, projects=None, **hooks):
    """(project name, project, judgment, query, ranked candidates) for every dump row."""
    HOOKS.clear()
    HOOKS.update(hooks)
    for name, (p, rows) in D.items():
        if projects and name not in projects and p.split not in projects:
            continue
        HOOKS["project"] = name
        for r in rows:
            j, q, cands = r["j"], analyse(r["j"].query), r["cands"]
            HOOKS["qvec"], HOOKS["row"] = r["qvec"], r
            d = cosines(globals()["M"], r["qvec"], r["vecs"])
            keep = ({cands[i].chunk_id for i in np.argsort(-d)[:POOL]}
                    | set(r["lex"]) | set(r["named"]))
            # Dumps from before Candidate.language: the file's language from its name.
            c = [dataclasses.replace(x, dense=float(s), language=getattr(
                     x, "language", None) or detect_language(x.rel_path))
                 for x, s in zip(cands, d) if x.chunk_id in keep]
            R.fuse = (lambda cs, dw: hooks["fuse"](q, cs, _fuse(cs, dw))) if "fuse" in hooks else _fuse
            byid = {x.chunk_id: x for x in c}
            w = hooks["weights_for"](q) if "weights_for" in hooks else weights
            yield name, p, j, q, [byid[t.chunk_id] for t in R.rank(q, c, limit, w)]
    R.fuse = _fuse


def run(weights=R.WEIGHTS, **hooks):
    """Summaries per (split, key): key all, a kind, a language or a project."""
    per = defaultdict(list)
    for name, p, j, q, top in ranked(weights, **hooks):
        sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top])
        for key in ("all", j.kind, p.language, name):
            per[(p.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}


def grid(base_weights, variants):
    """The base, then each (label, hooks or weights) against it."""
    base = run(base_weights)
    show("base", base)
    for label, variant in variants:
        if isinstance(variant, R.Weights):
            show(label, run(variant), base)
        else:
            show(label, run(base_weights, **variant), base)


def kind_of(c):
    return INFO[(HOOKS["project"], c.chunk_id)][0]


def is_piece(c):
    """A snippet that is not the whole of its definition."""
    return c.def_start is not None and (c.def_start < c.start_line or c.def_end > c.end_line)


def lines(c):
    return (c.def_end - c.def_start + 1) if c.def_start is not None else (c.end_line - c.start_line + 1)


def print_moves(before, after):
    """Each query whose NDCG@10 differs: before and after map (project, query id) to
    (judgment, the top results as text, NDCG@10)."""
    for key, (j, top_before, was) in before.items():
        _, top_after, now = after[key]
        if abs(now - was) > 1e-9:
            print(key[0], j.kind, repr(j.query), f"{was:.3f} -> {now:.3f}",
                  [f"{s.path}:{s.start}-{s.end}:g{s.grade}" for s in j.relevant])
            for a, b in zip(top_before[:5], top_after[:5]):
                print(f"     {a:60s} | {b}")
