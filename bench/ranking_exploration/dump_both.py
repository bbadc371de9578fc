"""For every query: the union of raw and biased candidates (100 per side), each with its
raw cosine, its mapped cosine and BM25; projects of the quality set and the two guards."""
import pickle, sys
from dumping import both_cosines, guard_rows, project_rows

wanted = set(sys.argv[2:])
out = project_rows(both_cosines, wanted)
if not wanted or "guards" in wanted:
    out.update(guard_rows(both_cosines))
pickle.dump(out, open(sys.argv[1], "wb"))
