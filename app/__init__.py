"""Kenning: search your own code by what it does."""

import os

__version__ = "0.1.0"

# numpy's BLAS keeps its worker threads spinning for a while after each call. On
# 2 cores they then hold the core that llama.cpp's second thread needs: a query's
# embedding right after a search took 8 ms instead of 5 (docs/BENCHMARKS-limits.md,
# 5 Dec). Kenning's matrix products are small (a pool of 1,024 rows × 384 at most
# on the search path), so one BLAS thread loses nothing there. Set before numpy
# loads; a value the user sets wins.
for _variable in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS"):
    os.environ.setdefault(_variable, "1")
