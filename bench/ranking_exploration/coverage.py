"""Query-word coverage on dump_coverage.py's dump: the share of the query's words a
candidate holds (plain or idf-weighted), as a factor on BM25 or a bonus on the fused
score. python coverage.py DUMP 'NAME=form:p' ...  form: mult (BM25 × cov^p), multidf,
add (fused + p·cov, sentences only), addidf. Each line: a split's NDCG@10 per kind and
language (default and hybrid raw), the guards' MRR."""
import pickle
import sys
from collections import defaultdict
from app.core.search import ranking as R
from app.core.search.query_kind import QueryKind
from app.quality.metrics import Hit, score, summarise

D = pickle.load(open(sys.argv[1], "rb"))
KINDS = ("behaviour", "architecture", "symbol")
ORIGINAL_FUSE = R.fuse
STATE = {}


def coverage(words, chunk_id, weighted):
    if not words:
        return 1.0
    total = sum(idf if weighted else 1.0 for _, idf, _ in words)
    return sum((idf if weighted else 1.0) for _, idf, held in words if chunk_id in held) / total


def patched_fuse(candidates, dense_weight):
    form, p, words, q = STATE["form"], STATE["p"], STATE["words"], STATE["q"]
    if form in ("mult", "multidf"):
        saved = [c.lexical for c in candidates]
        for c in candidates:
            c.lexical *= coverage(words, c.chunk_id, form == "multidf") ** p
        out = ORIGINAL_FUSE(candidates, dense_weight)
        for c, s in zip(candidates, saved):
            c.lexical = s
        return out
    out = ORIGINAL_FUSE(candidates, dense_weight)
    if form in ("add", "addidf") and q.kind is QueryKind.NATURAL:
        out = [s + p * coverage(words, c.chunk_id, form == "addidf") for s, c in zip(out, candidates)]
    return out


R.fuse = patched_fuse


def run(form, p):
    STATE["form"], STATE["p"] = form, p
    per = defaultdict(list)
    for name, (proj, rows) in D.items():
        for j, q, cr, cb, words in rows:
            STATE["words"], STATE["q"] = words, q
            for conf, cands in (("default", cb), ("raw", cr)):
                weights = R.WEIGHTS
                by = {c.chunk_id: c for c in cands}
                ranked = [by[r.chunk_id] for r in R.rank(q, cands, 10, weights)]
                sc = score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in ranked])
                for key in ("all", j.kind, proj.language, name):
                    per[(conf, proj.split, key)].append(sc)
    return {k: summarise(v) for k, v in per.items()}


def show(label, r):
    for sp in ("dev", "test"):
        if (("default", sp, "all")) not in r:
            continue
        langs = sorted({k for c, s, k in r if s == sp and k not in ("all",) + KINDS + tuple(D)})
        for conf in ("default", "raw"):
            print(f"{label:10s} {conf:7s} {sp:4s} all={r[(conf, sp, 'all')].ndcg:.4f} "
                  + " ".join(f"{k[:4]}={r[(conf, sp, k)].ndcg:.3f}" for k in KINDS) + " | "
                  + " ".join(f"{k[:4]}={r[(conf, sp, k)].ndcg:.3f}" for k in langs))
    if ("default", "guard", "conala") in r:
        print(f"{label:10s} guards default conala={r[('default', 'guard', 'conala')].mrr:.4f} "
              f"stdlib={r[('default', 'guard', 'stdlib')].mrr:.4f} | raw conala="
              f"{r[('raw', 'guard', 'conala')].mrr:.4f} stdlib={r[('raw', 'guard', 'stdlib')].mrr:.4f}", flush=True)


if __name__ == "__main__":
    show("shipped", run("none", 0))
    for spec in sys.argv[2:]:
        name, rest = spec.split("=")
        form, p = rest.split(":")
        show(name, run(form, float(p)))
