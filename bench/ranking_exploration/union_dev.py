"""The raw query's nearest R snippets joining the candidates (learned_union.py's), through
the default with the shipped forest on a split, by kind, language and the blind check, and
the guard sets (7 Dec, session 31). With $FRESH=ansible-core,three the two large dev
projects are also reported together.
Usage: PYTHONPATH=. python union_dev.py R [R ...]   (R = 0: as shipped)"""
import sys

import learned_union
from default_runs import report, split_projects

if __name__ == "__main__":
    projects = split_projects("dev")
    for extra in map(int, sys.argv[1:]):
        learned_union.EXTRA = extra
        report(f"R={extra}", projects)
