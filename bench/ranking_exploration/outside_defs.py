"""Code outside functions lowered by a factor f, on the vector dump: python outside_defs.py
[blocks|types]. Base: the ranking stage of the morning of 5 Dec (both shipped factors off).
blocks: comment-only top-level blocks (share of comment lines >= 0.8 or 0.6), every top-level
block, top-level blocks for sentences only, with text windows, not a block that packs small
definitions (shipped at 0.65). types (the blocks at 0.65 in the base): pieces of a type (a
snippet that is not the whole of a class, module, struct, ...), without structs and enums,
every snippet of a type."""
import dataclasses
import sys

from app.core.search import ranking as R
import variants as V

TYPES = {"class", "module", "namespace", "impl", "trait", "interface", "struct", "enum", "extension"}
MORNING = dataclasses.replace(R.WEIGHTS, outside_functions=1.0, question_length=0.0)


def sentence(q):
    return q.kind.name != "IDENTIFIER"


def top_level(c):
    return V.kind_of(c) == "block" and c.symbol is None


def lowered(f, test):
    return {"factor": lambda q, c: f if test(q, c) else 1.0}


SHIPPED_BLOCKS = lambda q, c: sentence(q) and top_level(c) and not c.names  # noqa: E731

GRIDS = {
    "blocks": [
        *[(f"comment{f}/{t}", lowered(f, lambda q, c, t=t: top_level(c) and V.INFO[(V.HOOKS["project"], c.chunk_id)][1] >= t))
          for f, t in ((0.8, 0.8), (0.6, 0.8), (0.5, 0.8), (0.6, 0.6))],
        *[(f"block{f}", lowered(f, lambda q, c: top_level(c))) for f in (0.9, 0.8, 0.6)],
        *[(f"nlblock{f}", lowered(f, lambda q, c: sentence(q) and top_level(c)))
          for f in (0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.5, 0.4)],
        *[(f"nlbw{f}", lowered(f, lambda q, c: sentence(q) and V.kind_of(c) in ("block", "window") and c.symbol is None))
          for f in (0.65, 0.8)],
        *[(f"nlbn{f}", lowered(f, SHIPPED_BLOCKS)) for f in (0.75, 0.65, 0.5)],
    ],
    "types": [
        *[(f"container{f}", lowered(f, lambda q, c: sentence(q) and V.kind_of(c) in TYPES and V.is_piece(c)))
          for f in (0.9, 0.8, 0.75, 0.7, 0.65, 0.6, 0.5)],
        *[(f"cnodata{f}", lowered(f, lambda q, c: sentence(q) and V.kind_of(c) in TYPES - {"struct", "enum"} and V.is_piece(c)))
          for f in (0.8, 0.65)],
        *[(f"containerall{f}", lowered(f, lambda q, c: sentence(q) and V.kind_of(c) in TYPES))
          for f in (0.9, 0.8)],
    ],
}

if __name__ == "__main__":
    which = sys.argv[-1] if sys.argv[-1] in GRIDS else "blocks"
    V.read_info()
    if which == "types":  # the blocks' factor, as shipped, in the base and under every variant
        blocks = 0.65
        base_factor = lambda q, c: blocks if SHIPPED_BLOCKS(q, c) else 1.0  # noqa: E731
        variants = [(label, {"factor": lambda q, c, h=h: base_factor(q, c) * h["factor"](q, c)})
                    for label, h in GRIDS["types"]]
        base = V.run(MORNING, factor=base_factor)
        V.show("base", base)
        for label, hooks in variants:
            V.show(label, V.run(MORNING, **hooks), base)
    else:
        V.grid(MORNING, GRIDS["blocks"])
