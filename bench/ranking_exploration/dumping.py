"""What the dump scripts share: every query of the quality set's projects, and the two
guard sets (CoNaLa test, the stdlib queries) as judgments, each turned into a dump row
by the script's own `row(store, searcher, judgment)`."""
from pathlib import Path
from app.core.bias.data.sources import Source
from app.core.bias.eval_sets import conala_set, stdlib_queries, stdlib_set
from app.core.chunking.definitions import extract_definitions
from app.core.engine import Engine, EngineConfig
from app.quality.evaluate import project_engine
from app.quality.judgments import Judgment, Relevant, load_judgments
from app.quality.projects import Project, load_projects
from app.core.search import searcher as S
from app.core.search.query_kind import analyse
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher

S.CANDIDATES_PER_RESULT = 10; S.MIN_CANDIDATES = 100  # pool 100 per side at k = 10

GUARD_INDEXES = Path("/root/.cache/kenning/guard")


def project_rows(row, wanted=()):
    """{project name: (project, [row per judgment])} for the wanted projects (all if none)."""
    out = {}
    for p in load_projects():
        if wanted and p.name not in wanted:
            continue
        e = project_engine(p)
        with e.open_store(readonly=True) as store:
            base = e.searcher(store)
            out[p.name] = (p, [row(store, base, j) for j in load_judgments(p)])
        print(p.name, flush=True)
    return out


def guard_judgment(name, n, es, q):
    """A guard query as a judgment: CoNaLa's answer is its whole snippet file, a stdlib
    answer the definition starting at (or up to 5 lines above) the judged line."""
    rel = str(q.path.relative_to(es.root))
    text = q.path.read_text()
    end = q.line
    if name == "conala":
        end = len(text.splitlines())
    else:
        for d in extract_definitions(text, "python"):
            if d.start_line <= q.line <= d.end_line and d.start_line >= q.line - 5:
                end = d.end_line
                break
    return Judgment(f"{name}-{n}", name, "behaviour", q.query, (Relevant(rel, q.line, end, 2),))


def guard_rows(row):
    """{"conala" | "stdlib": (project stand-in, [row per query])}, indexes brought up to date."""
    GUARD_INDEXES.mkdir(parents=True, exist_ok=True)
    out = {}
    for es in [conala_set("test", GUARD_INDEXES), stdlib_set(stdlib_queries(), GUARD_INDEXES)]:
        name = "conala" if "CoNaLa" in es.name else "stdlib"
        e = Engine(EngineConfig(db_path=GUARD_INDEXES / f"{name}.db"))
        e.index([es.root])
        p = Project(name, Source("pypi", name, "0"), ".", "python", "guard")
        with e.open_store(readonly=True) as store:
            base = e.searcher(store)
            out[name] = (p, [row(store, base, guard_judgment(name, n, es, q))
                             for n, q in enumerate(es.queries)])
        print(name, len(out[name][1]), flush=True)
    return out


def raw_and_biased(store, base):
    """Searchers without and with the matrix, on the same model."""
    return Searcher(store, base.embed_query, None), Searcher(store, base.embed_query, base.bias)


def hybrid_candidates(store, searchers, j):
    """(query info, each searcher's hybrid candidates at k = 10) for judgment `j`."""
    q = analyse(j.query)
    req = SearchRequest(j.query, 10, Mode.HYBRID, True)
    with store.conn:
        return q, [s.candidates(req, q)[0] for s in searchers]


def both_cosines(store, base, j):
    """(judgment, query info, the union of raw and biased candidates, raw cosine by id,
    mapped cosine by id, raw candidates' ids, biased candidates' ids)."""
    from app.core.search.candidates import Meaning
    q, (cr, cb) = hybrid_candidates(store, raw_and_biased(store, base), j)
    with store.conn:
        v = base.embed_query(j.query)
        vb = base.bias.apply(v)
        ids = list(dict.fromkeys([c.chunk_id for c in cr] + [c.chunk_id for c in cb]))
        rawcos = Meaning(v).complete(store.conn, ids, {})
        bcos = Meaning(vb, base.bias.doc_scale).complete(store.conn, ids, {})
    by = {c.chunk_id: c for c in cb}
    for c in cr:
        by.setdefault(c.chunk_id, c)
    cands = [by[i] for i in ids]
    return (j, q, cands, rawcos, bcos, {c.chunk_id for c in cr}, {c.chunk_id for c in cb})
