"""The misses of one split's queries of some kinds: query, answers, top 5 and the best answer's
rank, with the ranking stage of now: python misses.py dev behaviour,architecture."""
import sys

from app.core.search.priors import file_roles
import variants as V

split, kinds = sys.argv[-2], sys.argv[-1].split(",")


def grade(j, x):
    return max((s.grade for s in j.relevant
                if s.path == x.rel_path and s.start <= x.end_line and x.start_line <= s.end), default=0)


for name, p, j, q, top in V.ranked(limit=50, projects=[split]):
    if j.kind not in kinds:
        continue
    grades = [grade(j, x) for x in top]
    first = next((i for i, g in enumerate(grades) if g == 2), None)
    if first == 0:
        continue
    print(f"\n### {name} [{j.kind}] {j.query!r}  answer rank={None if first is None else first + 1}")
    for s in j.relevant:
        print(f"   ans g{s.grade} {s.path}:{s.start}-{s.end}")
    shown = [*range(min(5, len(top)))] + ([first] if first is not None and first >= 5 else [])
    for i in shown:
        x = top[i]
        print(f"   {i + 1}. {x.rel_path}:{x.start_line}-{x.end_line} {x.kind} {x.symbol} "
              f"d={x.dense:.3f} l={x.lexical:.1f} roles={[r.name for r in file_roles(x.rel_path)]} g={grades[i]}")
