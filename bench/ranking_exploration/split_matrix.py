"""The matrix on the snippets and the file meaning, or on the file meaning only (snippets raw),
on the vector dump: PYTHONPATH=. python split_matrix.py"""
import file_centroid as F
import variants as V
V.read_info = lambda: None
shipped = V.M
base = V.run(V.R.WEIGHTS, **F.variant("0.15,loo")); V.show("default (matrix both)", base)
# snippets raw, file meaning through the matrix
def fuse_mapped_file(spec):
    hooks = F.variant(spec)
    f = hooks["fuse"]
    def fuse(q, cands, scores):
        V.M = shipped
        try:
            return f(q, cands, scores)
        finally:
            V.M = None
    return {"fuse": fuse}
V.M = None
V.show("snippets raw, file via matrix", V.run(V.R.WEIGHTS, **fuse_mapped_file("0.15,loo")), base)
V.show("hybrid raw (raw both)", V.run(V.R.WEIGHTS, **F.variant("0.15,loo")), base)
