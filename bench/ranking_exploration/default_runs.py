"""What the variant scripts of 7 Dec, session 28 share: the default configuration on a
split (NDCG@10 by kind, language and the dev blind check) and on the guard sets (MRR),
printed as one line per variant."""
import os
from collections import defaultdict
from collections.abc import Callable

import app.quality.guards as guards
from app.quality.evaluate import CONFIGURATIONS, evaluate
from app.quality.projects import Project, load_projects

DEFAULT = tuple(c for c in CONFIGURATIONS if c[0] == "default")
guards.CONFIGURATIONS = DEFAULT


def split_projects(split: str) -> list[Project]:
    return [p for p in load_projects() if p.split == split]


def report(name: str, projects: list[Project], tail: Callable[[], str] | None = None) -> None:
    """Run the default over `projects` and the guard sets as things stand; print one line,
    the blind check also by kind (`tail`: more of it, read once the projects have run,
    before the guard sets)."""
    check = {p.name for p in projects if not p.learn}
    # Projects named in $FRESH (comma separated): also reported together, as "fresh".
    fresh = set(filter(None, os.environ.get("FRESH", "").split(",")))
    ndcg = defaultdict(list)
    for o in evaluate(projects, configurations=DEFAULT, say=lambda s: None):
        keys = ("all", o.judgment.kind, o.language)
        if o.judgment.project in check:
            keys += ("check", f"check-{o.judgment.kind}")
        if o.judgment.project in fresh:
            keys += ("fresh", f"fresh-{o.judgment.kind}")
        for key in keys:
            ndcg[key].append(o.scores.ndcg)
    cells = " ".join(f"{k} {sum(x) / len(x):.4f}" for k, x in sorted(ndcg.items()))
    extra = tail() if tail else ""
    mrr = guards.run_guards(say=lambda s: None)
    # (the two function pools differ only at the end of their names)
    g = " ".join(f"{k[:14] + ('…' + k[-14:] if len(k) > 40 else '')} {m['default'].mrr:.4f}"
                 for k, m in mrr.items())
    print(f"{name:9} {cells} | {g}{extra}", flush=True)
