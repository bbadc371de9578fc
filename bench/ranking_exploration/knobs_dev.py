"""The default on a split (by kind, language and the blind check) and on the guard sets
with ranking-stage knobs changed: the shipped weights' fields (`weights.FIELD`) or a
module constant of the learned order (`learned_order.NAME`), each variant after the
shipped settings (7 Dec, session 28).
Usage: PYTHONPATH=. python knobs_dev.py SPLIT s5=learned_order.SCALE:0.5,weights.coherence:0.1
..."""
import sys

from default_runs import report, split_projects

from app.core.search import learned_order, ranking

TARGETS = {"weights": ranking.WEIGHTS, "learned_order": learned_order}


def parse(spec: str) -> dict[tuple[str, str], object]:
    out = {}
    for pair in spec.split(","):
        path, value = pair.split(":")
        where, name = path.split(".")
        current = getattr(TARGETS[where], name)
        out[(where, name)] = None if value == "None" else type(current)(float(value)) \
            if isinstance(current, (int, float)) else value
    return out


def apply(values: dict[tuple[str, str], object]) -> dict[tuple[str, str], object]:
    before = {}
    for (where, name), value in values.items():
        before[(where, name)] = getattr(TARGETS[where], name)
        object.__setattr__(TARGETS[where], name, value)
    return before


def main(split: str, specs: list[str]) -> None:
    projects = split_projects(split)
    for spec in ["shipped", *specs]:
        name, _, values = spec.partition("=")
        before = apply(parse(values)) if values else {}
        report(name, projects)
        apply(before)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
