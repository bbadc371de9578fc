"""How often a definition is referred to, as a prior: python references.py BETA [BETA ...]

A behaviour query asks for the function that does the job, which the rest of the code
calls; its look-alikes are often helpers called once. Each candidate's definition name
(the last part of its symbol) is counted in the other snippets of its index (the number
of snippets whose text holds it as a word), and a sentence's score is multiplied by
(1 + references) ^ beta, references counted up to CAP.
"""
import re
import sys
from collections import Counter

import apsw

import variants as V

_IDENT = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
CAP = 50

refs = {}
for name in V.D:
    conn = apsw.Connection(V.database(name), flags=apsw.SQLITE_OPEN_READONLY)
    count = Counter()
    for (text,) in conn.execute("select text from chunks"):
        count.update(set(_IDENT.findall(text)))
    refs[name] = count


def references(c):
    if not c.symbol:
        return 0
    last = re.split(r"[.:#]+", c.symbol)[-1]
    return max(0, min(CAP, refs[V.HOOKS["project"]].get(last, 0) - 1))


base = V.run()
V.show("base", base)
for beta in map(float, sys.argv[1:]):
    V.show(f"references^{beta}", V.run(factor=lambda q, c, b=beta: (
        (1 + references(c)) ** b if q.kind == "natural" and c.kind in ("function", "method") else 1.0)), base)
