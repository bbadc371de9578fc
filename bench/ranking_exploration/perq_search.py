"""Per-query NDCG@10 of the default and hybrid raw through the real searcher, on the
indexes in the cache: python perq_search.py OUT.json [dev|test|PROJECT,PROJECT...]

Run it before and after a change (with the indexes of each), then compare the files.
"""

import json
import sys
from collections.abc import Sequence

from app.core.search.request import Mode
from app.quality.evaluate import evaluate
from app.quality.projects import DEFAULT_SET_DIR, Project, load_projects

BOTH = (("default", Mode.HYBRID, True), ("hybrid raw", Mode.HYBRID, False))


def per_query(projects: Sequence[Project], configurations=BOTH) -> dict[str, list]:
    """"configuration|project|query id" -> [NDCG@10, kind, language, query]."""
    return {f"{o.configuration}|{o.judgment.project}|{o.judgment.id}":
            [o.scores.ndcg, o.judgment.kind, o.language, o.judgment.query]
            for o in evaluate(projects, configurations=configurations, say=lambda s: None)}


if __name__ == "__main__":
    split = sys.argv[2] if len(sys.argv) > 2 else None
    named = set(split.split(",")) if split and split not in ("dev", "test") else None
    chosen = [p for p in load_projects(DEFAULT_SET_DIR)
              if split is None or p.split == split or (named and p.name in named)]
    json.dump(per_query(chosen), open(sys.argv[1], "w"), indent=0)
