"""The older weights checked again with the signals of 5 Dec in the base, on the vector dump:
python refit.py (the cosine share for sentences and identifiers, the path words' weight)."""
import dataclasses

from app.core.search import ranking as R
import variants as V

W = R.WEIGHTS
V.grid(W, [(f"dense_natural {x}", dataclasses.replace(W, dense_natural=x)) for x in (0.7, 0.75, 0.85, 0.9)]
       + [(f"dense_identifier {x}", dataclasses.replace(W, dense_identifier=x)) for x in (0.3, 0.7)]
       + [(f"path {x}", dataclasses.replace(W, path=x)) for x in (0.15, 0.45)])
