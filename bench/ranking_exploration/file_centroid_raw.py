"""file_centroid.py's variants without the matrix (hybrid raw), beside the default's:
python file_centroid_raw.py SPEC ..."""
import sys

import file_centroid as F
import variants as V

if __name__ == "__main__":
    V.read_info = lambda: None
    shipped = V.M
    for spec in sys.argv[1:]:
        V.M = shipped
        default = V.run(V.R.WEIGHTS, **F.variant(spec))
        V.M = None
        raw = V.run(V.R.WEIGHTS, **F.variant(spec))
        V.show(f"{spec} default", default)
        V.show(f"{spec} hybrid raw", raw, default)
