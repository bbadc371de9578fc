import sys, dataclasses
sys.argv = [sys.argv[0], sys.argv[1]]
exec(open("/tmp/exp/tune.py").read().split('if __name__ == "__main__":')[0])
from types import MappingProxyType
w = WEIGHTS
report("current", w)
report("no symbol", dataclasses.replace(w, symbol_exact=0, symbol_loose=0, symbol_qualified=0))
report("no path", dataclasses.replace(w, path=0))
report("no roles", dataclasses.replace(w, roles=MappingProxyType({})))
report("no coherence", dataclasses.replace(w, coherence=0))
report("no decay", dataclasses.replace(w, file_decay=1.0))
report("dense 1.0", dataclasses.replace(w, dense_natural=1.0, dense_identifier=1.0))
report("dense 0.9", dataclasses.replace(w, dense_natural=0.9))
