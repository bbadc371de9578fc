"""file_centroid.py's signal against other weights of the ranking stage: python file_centroid_grid.py"""
import dataclasses

import file_centroid as F
import variants as V

W = V.R.WEIGHTS
V.read_info = lambda: None
base = V.run(W)
V.show("base", base)
for label, weights, spec in [("0.1,loo", W, "0.1,loo"), ("0.12,loo", W, "0.12,loo"),
                             ("0.15,loo coherence 0", dataclasses.replace(W, coherence=0.0), "0.15,loo"),
                             ("0.2,loo coherence 0", dataclasses.replace(W, coherence=0.0), "0.2,loo"),
                             ("0.15,loo sentences", W, "0.15,loo,sent")]:
    V.show(label, V.run(weights, **F.variant(spec)), base)
