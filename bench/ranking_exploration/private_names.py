"""A name's private variant below its public one: python private_names.py DELTA [DELTA ...]

"make filtering bound logger" matches both `make_filtering_bound_logger` and
`_make_filtering_bound_logger` loosely (case and separators ignored); the second, a
helper by the convention of a leading underscore, came first. A definition whose
matched name has leading underscores the query lacks loses DELTA of its symbol boost.
"""
import sys

import variants as V
from app.core.search import ranking as R


def private_penalty(q, c, delta):
    if q.symbol_key is None or q.text.lstrip().startswith("_"):
        return 0.0
    if V._boost(q, c, R.WEIGHTS) <= 0:
        return 0.0
    names = c.names or ((c.symbol,) if c.symbol else ())
    for name in names:
        parts, key = R._name_parts(name)
        if key == q.symbol_key and not parts[-1].startswith("_"):
            return 0.0  # a public name of it matches too
    return -delta


base = V.run()
V.show("base", base)
for delta in map(float, sys.argv[1:]):
    V.show(f"private -{delta}", V.run(bonus=lambda q, c, d=delta: private_penalty(q, c, d)), base)
