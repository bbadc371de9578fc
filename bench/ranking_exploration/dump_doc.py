"""dump_both.py's rows (raw and biased candidates, 100 per side, each candidate's raw
and mapped cosine) with one more field: the chunk ids whose definition carries
documentation (a doc comment above it or a docstring in its first lines).
python dump_doc.py OUT.pkl [projects...|guards]"""
import pickle
import re
import sys
from dumping import both_cosines, guard_rows, project_rows

# a comment line (///, //, #, --, /*, *) or a string literal opening a body (""", ''')
COMMENT = re.compile(r'^\s*(///|//!|//|#(?![!\[])|--|/\*|\*|"""|\'\'\'|=begin)')


def documented(conn, cands):
    """Chunk ids of candidates whose definition's first piece opens with, or holds in
    its first four lines after the signature, documentation."""
    out = set()
    for c in cands:
        if c.def_start is None:
            continue
        row = conn.execute("SELECT text FROM chunks WHERE file_id = ? AND start_line = ? "
                           "ORDER BY end_line LIMIT 1", (c.file_id, c.def_start)).fetchone()
        if row is None:
            continue
        lines = [l for l in row[0].splitlines() if l.strip()][:5]
        if any(COMMENT.match(l) for l in lines):
            out.add(c.chunk_id)
    return out


def both(store, base, j):
    row = both_cosines(store, base, j)
    with store.conn:
        return (*row, documented(store.conn, row[2]))


wanted = set(sys.argv[2:])
out = project_rows(both, wanted - {"guards"})
if "guards" in wanted:
    out.update(guard_rows(both))
pickle.dump(out, open(sys.argv[1], "wb"))
