"""`kenning bench`: Kenning measured against its peers, on this machine, in one run.

Every figure in docs/BENCHMARKS.md comes from here. Contenders are measured
in interleaved rounds (A B C, B C A, ...) so a burst of load from other jobs on
a shared machine hits each of them alike; reports quote medians and the median
of per-round ratios, with the load average at measurement time.
"""
