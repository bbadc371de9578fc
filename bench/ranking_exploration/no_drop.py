"""The length prior for questions against the ranking of the morning of 5 Dec (both signals off),
with the types that hold methods as shipped (no structs, no enums): for each exponent and cap,
dev and test NDCG@10, the guard sets' change and the three kinds or languages of either split
that moved least. python no_drop.py "(0.03, 0.04, 0.05, 0.07, 0.1)" "(50, 100, 200)"."""
import dataclasses
import itertools
import sys

from app.core.search import ranking as R
import variants as V

MORNING = dataclasses.replace(R.WEIGHTS, outside_functions=1.0, question_length=0.0)
base = V.run(MORNING)
for f, cap in itertools.product(eval(sys.argv[-2]), eval(sys.argv[-1])):
    r = V.run(dataclasses.replace(R.WEIGHTS, question_length=f, question_lines_cap=cap))
    worst = sorted((r[k].ndcg - base[k].ndcg, k) for k in base
                   if k[0] in ("dev", "test") and k[1] not in V.D)[:3]
    guards = [r[("guard", n)].mrr - base[("guard", n)].mrr for n in ("conala", "stdlib")]
    print(f"f {f} cap {cap}: dev {r[('dev', 'all')].ndcg:.4f} test {r[('test', 'all')].ndcg:.4f} "
          f"guards {guards[0]:+.4f} {guards[1]:+.4f} least moved: "
          + " ".join(f"{k[0]} {k[1]} {d:+.3f}" for d, k in worst), flush=True)
