"""The default on a split (and the dev split's blind check, `check`) with other ranking
weights, each variant beside the shipped ones, by kind and language (7 Dec, session 27:
`symbol_retyped`, per-file diversity).
Usage: PYTHONPATH=. python weights_dev.py SPLIT name=field:value[,field:value] ..."""
import sys
from collections import defaultdict
from dataclasses import replace

from app.core.search.ranking import WEIGHTS
from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import load_projects


def weights_of(spec: str):
    """`file_free:5,file_decay:0.8` → the shipped weights with those values."""
    values = {}
    for pair in spec.split(","):
        field, value = pair.split(":")
        values[field] = type(getattr(WEIGHTS, field))(float(value))
    return replace(WEIGHTS, **values)


def main(split: str, specs: list[str]) -> None:
    projects = [p for p in load_projects() if p.split == split]
    check = {p.name for p in projects if not p.learn}
    variants = {name: weights_of(spec) for name, spec in (a.split("=") for a in specs)}
    default = tuple(c for c in CONFIGURATIONS if c[0] == "default")
    out = evaluate(projects, configurations=default, say=lambda s: None, variants=variants)
    ndcg = defaultdict(list)
    for o in out:
        keys = ("all", o.judgment.kind, o.language)
        keys += ("check",) if o.judgment.project in check else ()
        for key in keys:
            ndcg[(o.configuration, key)].append(o.scores.ndcg)
    keys = sorted({k for _, k in ndcg})
    for name in ["default", *variants]:
        cells = (f"{k} {sum(ndcg[(name, k)]) / len(ndcg[(name, k)]):.4f}" for k in keys)
        print(f"{name:10} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
