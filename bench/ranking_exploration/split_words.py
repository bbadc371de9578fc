"""camelCase identifiers embedded as their words: every `parseCookieHeader` in a snippet's
embedded text (header and code) and in the query becomes `parse cookie header` (the
model's WordPiece vocabulary is lowercase English: it reads snake_case as words and cuts
camelCase into pieces that mean nothing). Copies of quality indexes are re-cut and
re-embedded; the default, hybrid raw and semantic raw are printed per project, kind and
language. python split_words.py INDEXDIR [--baseline] PROJECT ...
(--baseline: the same projects on INDEXDIR as they are, nothing patched)"""
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
import apsw
import app.quality.evaluate as EV
from app.quality.metrics import summarise
from app.quality.projects import load_projects

CAMEL = re.compile(r"[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+|[A-Z]+(?![a-z]))+|[a-z][a-z0-9]*(?:[A-Z][A-Za-z0-9]*)+")
PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def split(text):
    return CAMEL.sub(lambda m: " ".join(p.lower() for p in PART.findall(m.group(0))), text)


d = Path(sys.argv[1])
baseline = "--baseline" in sys.argv
names = [a for a in sys.argv[2:] if not a.startswith("--")]
if not baseline:
    from app.core.chunking.snippet import Snippet
    from app.core.search.query_vectors import QueryVectors
    from app.core.store.store import Store
    Snippet.embed_text = property(lambda s: split(f"{s.header}\n{s.text}" if s.header else s.text))
    texts = Store.embed_texts  # the indexer's second phase reads them from the store
    Store.embed_texts = lambda self, ids: {i: split(t) for i, t in texts(self, ids).items()}
    init = QueryVectors.__init__
    QueryVectors.__init__ = lambda self, embed, size=64: init(self, lambda t: embed(split(t)), size)
    for n in names:
        c = apsw.Connection(str(d / f"{n}.db"))
        c.execute("UPDATE files SET chunker = 7")
        c.close()
EV.index_dir = lambda: d
confs = tuple(c for c in EV.CONFIGURATIONS if c[0] in ("default", "hybrid raw", "semantic raw"))
t = time.time()
out = EV.evaluate([p for p in load_projects() if p.name in names], configurations=confs,
                  say=lambda s: print(s, f"{time.time() - t:.0f}s", flush=True))
per = defaultdict(list)
for o in out:
    for key in ("all", o.judgment.kind, o.language, o.judgment.project):
        per[(o.configuration, key)].append(o.scores)
keys = ["all", "behaviour", "architecture", "symbol", *sorted({o.language for o in out}), *names]
print(" " * 13 + " ".join(f"{k[:7]:>7s}" for k in keys))
for conf in ("semantic raw", "hybrid raw", "default"):
    print(f"{conf:12s} " + " ".join(f"{summarise(per[(conf, k)]).ndcg:7.4f}" for k in keys), flush=True)
