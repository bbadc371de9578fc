"""The hand-written queries of the evaluation set and what answers each.

One JSON file per project, `bench/quality/queries/<project>.json`:

    {"project": "trio",
     "queries": [{"id": "trio-01", "kind": "behaviour",
                  "query": "wait until a socket can be read",
                  "relevant": [{"path": "src/trio/_core/_io_epoll.py",
                                "lines": [310, 325], "grade": 2}]}]}

`kind` is "behaviour" (what code does, in a user's words), "architecture"
("how are routes registered": where a mechanism lives) or "symbol" (a name
as typed: `Router`, `parse_duration`, `Client::builder`). `path` is relative
to the project's indexed folder, `lines` the 1-based inclusive span of the
answer (a whole definition), `grade` 2 for an answer, 1 for a partial or
supporting one. `python -m app.quality.judgments` checks every file.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from app.core.errors import KenningError
from app.quality.projects import DEFAULT_SET_DIR, Project, load_projects

KINDS = ("behaviour", "architecture", "symbol")


@dataclass(frozen=True, slots=True)
class Relevant:
    path: str
    start: int
    end: int
    grade: int


@dataclass(frozen=True, slots=True)
class Judgment:
    id: str
    project: str
    kind: str
    query: str
    relevant: tuple[Relevant, ...]


def load_judgments(project: Project, set_dir: Path = DEFAULT_SET_DIR) -> list[Judgment]:
    path = set_dir / "queries" / f"{project.name}.json"
    try:
        data = json.loads(path.read_text("utf-8"))
        return [Judgment(q["id"], project.name, q["kind"], q["query"],
                         tuple(Relevant(r["path"], int(r["lines"][0]), int(r["lines"][1]),
                                        int(r.get("grade", 2))) for r in q["relevant"]))
                for q in data["queries"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise KenningError(f"cannot read the queries {path}: {exc}") from exc


def problems(judgments: list[Judgment], root: Path) -> list[str]:
    """What is wrong with a project's judgments against its indexed folder."""
    out: list[str] = []
    seen: set[str] = set()
    for j in judgments:
        where = f"{j.id} ({j.query!r})"
        if j.id in seen:
            out.append(f"{where}: duplicate id")
        seen.add(j.id)
        if j.kind not in KINDS:
            out.append(f"{where}: kind must be one of {KINDS}")
        if not j.query.strip():
            out.append(f"{where}: empty query")
        if not j.relevant or not any(r.grade == 2 for r in j.relevant):
            out.append(f"{where}: needs at least one relevant span of grade 2")
        for r in j.relevant:
            file = root / r.path
            if not file.is_file():
                out.append(f"{where}: {r.path} is not a file under {root}")
                continue
            count = len(file.read_text("utf-8", "replace").splitlines())
            if not 1 <= r.start <= r.end <= count:
                out.append(f"{where}: lines {r.start}-{r.end} not within 1-{count} of {r.path}")
            if r.grade not in (1, 2):
                out.append(f"{where}: grade must be 1 or 2")
    return out


def main(argv: list[str] | None = None) -> int:
    """Check the judgments of every project (or of the projects named)."""
    from app.quality.projects import fetch_project

    wanted = set(argv if argv is not None else sys.argv[1:])
    status = 0
    for project in load_projects():
        if wanted and project.name not in wanted:
            continue
        path = DEFAULT_SET_DIR / "queries" / f"{project.name}.json"
        if not path.exists():
            print(f"{project.name}: no queries yet")
            continue
        found = problems(load_judgments(project), fetch_project(project))
        for line in found:
            print(f"{project.name}: {line}")
        kinds = [j.kind for j in load_judgments(project)]
        print(f"{project.name}: {len(kinds)} queries "
              f"({', '.join(f'{k} {kinds.count(k)}' for k in KINDS)}), {len(found)} problems")
        status |= bool(found)
    return status


if __name__ == "__main__":
    sys.exit(main())
