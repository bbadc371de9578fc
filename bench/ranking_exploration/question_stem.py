"""A question's opening words left out of the text the model embeds ("how do I get the
real client IP" embedded as "get the real client IP"); the query's words, kind and form
as typed. python question_stem.py SPLIT [PATTERN]: default, hybrid raw and semantic raw per
kind and language, before and after."""
import re
import sys
from collections import defaultdict
import app.quality.evaluate as EV
from app.core.search.query_vectors import QueryVectors
from app.quality.metrics import summarise
from app.quality.projects import load_projects

split = sys.argv[1]
OPENING = re.compile(sys.argv[2] if len(sys.argv) > 2 else
                     r"^\s*(how (do|can|should|would) (i|we|you|one)|how to|where (do|does|did) (i|we))\s+", re.I)
confs = tuple(c for c in EV.CONFIGURATIONS if c[0] in ("default", "hybrid raw", "semantic raw"))
projects = [p for p in load_projects() if p.split == split]


def table(label):
    per = defaultdict(list)
    for o in EV.evaluate(projects, configurations=confs, say=lambda s: None):
        for key in ("all", o.judgment.kind, o.language):
            per[(o.configuration, key)].append(o.scores)
    keys = ["all", "behaviour", "architecture", "symbol", *sorted({p.language for p in projects})]
    for conf in ("semantic raw", "hybrid raw", "default"):
        print(f"{label:7s} {conf:12s} " + " ".join(f"{k[:5]}={summarise(per[(conf, k)]).ndcg:.4f}" for k in keys), flush=True)


table("as is")
init = QueryVectors.__init__
QueryVectors.__init__ = lambda self, embed, size=64: init(self, lambda t: embed(OPENING.sub("", t) or t), size)
table("stemmed")
