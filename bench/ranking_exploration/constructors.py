"""Constructors (`__init__`, `__construct`, `initialize`, `constructor`, `new`, ...) lowered by f for
a sentence, on the vector dump, base = the ranking stage of now: python constructors.py."""
from app.core.search import ranking as R
import variants as V

CONSTRUCTORS = {"__init__", "__construct", "initialize", "constructor", "new", "__new__", "init"}


def constructor(c):
    return (c.symbol is not None and c.kind in ("method", "function")
            and c.symbol.split(".")[-1] in CONSTRUCTORS)


def lowered(f, rust_new=True):
    return {"factor": lambda q, c: f if q.kind.name != "IDENTIFIER" and constructor(c) and (
        rust_new or c.symbol.split(".")[-1] != "new") else 1.0}


V.grid(R.WEIGHTS, [(f"constructors {f}", lowered(f)) for f in (0.9, 0.8, 0.7, 0.5)]
       + [("constructors but new 0.8", lowered(0.8, False))])
