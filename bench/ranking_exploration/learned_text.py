"""The snippet's text as features of the learned order (7 Dec, session 27): the forest
reads BM25 and cosines, never which of the query's words a snippet holds. Does it gain
from (a) the share of the query's words found in the snippet's text (identifiers cut
into their words; `_stem` as the ranking stage's), (b) the same weighted by rarity
among the query's candidates, (c) (a) with five-letter prefixes for words (parse,
parser, parsing), (d) (a) over the header alone (path, signature, first doc sentence)?
Each variant's columns are added to the shipped features, trained and scored by the
real trainer and ranking stage, each project unseen, as `learned_features.py`.
Usage: PYTHONPATH=. python learned_text.py [variant ...]   (variants: a b c d ab ac ...)"""
import math
import re
import sys
from dataclasses import replace

import numpy as np

from app.core.search import learned_order as lo
from app.core.search.query_kind import QueryKind, analyse
from app.core.search.ranking import _stem
from app.core.search.request import Mode, SearchRequest
from app.core.terms import split_identifier
from app.quality import learn_order as L
from app.quality.evaluate import K, fetch_project, project_engine, settle
from app.quality.judgments import load_judgments
from app.quality.projects import load_projects

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
EXTRA = ("query words in text", "query words in text, by rarity",
         "query words in text, prefixes", "query words in header")


def words(text: str, key) -> set[str]:
    return {key(p) for w in _WORD.findall(text) for p in split_identifier(w) if p}


def prefix(word: str) -> str:
    return word.lower()[:5]


def collect():
    out = []
    for project in L.training_projects(load_projects()):
        engine = project_engine(project)
        engine.index([fetch_project(project)])
        with engine.open_store(readonly=True) as store:
            searcher = engine.searcher(store)
            settle(searcher)
            for judgment in load_judgments(project, L.DEFAULT_SET_DIR):
                query = analyse(judgment.query)
                if query.kind is not QueryKind.NATURAL:
                    continue
                request = SearchRequest(judgment.query, K, Mode.HYBRID, True)
                with store.conn:
                    candidates, _ = searcher.candidates(request, query)
                if not candidates:
                    continue
                s = L.sample(judgment, project.language, query, candidates)
                signals = L.Signals.of(query, candidates, L.HAND_SET)
                hand = np.asarray(L.hand_scores(query, candidates, signals, L.HAND_SET))
                rows = lo.top_rows(hand)
                ids = [candidates[i].chunk_id for i in rows]
                texts = store.embed_texts(ids)
                heads = dict(store.conn.execute(
                    "SELECT id, coalesce(header, '') FROM chunks WHERE id IN "
                    f"({','.join(map(str, ids))})"))
                out.append((s, [texts.get(i, "") for i in ids], [heads.get(i, "") for i in ids]))
        print(project.name, flush=True)
    return out


def extra(query, texts, heads) -> np.ndarray:
    q = {_stem(w) for w in query.words}
    qp = {prefix(w) for w in query.words}
    m = np.zeros((len(texts), len(EXTRA)))
    if not q:
        return m
    sets = [words(t, _stem) for t in texts]
    df = {w: sum(w in s for s in sets) for w in q}
    idf = {w: math.log(1 + len(sets) / (1 + df[w])) for w in q}
    total = sum(idf.values())
    for r, (t, h, s) in enumerate(zip(texts, heads, sets, strict=True)):
        m[r, 0] = len(q & s) / len(q)
        m[r, 1] = sum(idf[w] for w in q & s) / total
        m[r, 2] = len(qp & words(t, prefix)) / len(qp)
        m[r, 3] = len(q & words(h, _stem)) / len(q)
    return m


def main(variants: list[str]) -> None:
    data = collect()
    samples = [s for s, _, _ in data]
    more = [extra(s.query, t, h) for s, t, h in data]
    shipped = lo.FEATURES
    original = lo.features
    for name in ["-"] + variants:
        added = [] if name == "-" else ["abcd".index(c) for c in name]
        lo.FEATURES = shipped + tuple(EXTRA[i] for i in added)
        table = {id(s.candidates): m for s, m in zip(samples, more, strict=True)}

        def features(query, candidates, signals, hand, rows, _added=added, _t=table):
            x = original(query, candidates, signals, hand, rows)
            return np.hstack([x, _t[id(candidates)][:, _added]])

        lo.features = features
        variant = [replace(s, x=np.hstack([s.x, m[:, added]]))
                   for s, m in zip(samples, more, strict=True)]
        print(f"variant {name}", flush=True)
        L.folds(variant, L.ROUNDS, print)
    lo.features = original
    lo.FEATURES = shipped


if __name__ == "__main__":
    main(sys.argv[1:])
