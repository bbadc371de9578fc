"""Each query whose NDCG@10 moves when the pieces of types join the top-level blocks as code
outside functions: python whydrop.py LANG[,LANG] (vector dump /tmp/exp3/all.pkl), as that
choice was made: without the length prior for questions, which came after."""
import dataclasses
import sys

from app.core.search import ranking as R
from app.quality.metrics import Hit, score
import variants as V

languages = sys.argv[-1].split(",")
shipped = R.is_outside_functions
THEN = dataclasses.replace(R.WEIGHTS, question_length=0.0)


def only_blocks(c):
    return c.kind == "block" and c.symbol is None and not c.names


def scored(test):
    R.is_outside_functions = test
    out = {(name, j.id): (j, [f"{x.rel_path}:{x.start_line}-{x.end_line} {x.kind} {x.symbol}"
                              for x in top],
                          score(j, [Hit(x.rel_path, x.start_line, x.end_line) for x in top]).ndcg)
           for name, p, j, q, top in V.ranked(THEN) if p.language in languages}
    R.is_outside_functions = shipped
    return out


V.print_moves(scored(only_blocks), scored(shipped))
