import sys, dataclasses
sys.argv = [sys.argv[0], sys.argv[1]]
exec(open("/tmp/exp/tune.py").read().split('if __name__ == "__main__":')[0])
from types import MappingProxyType
w = dataclasses.replace(WEIGHTS, dense_natural=0.8, dense_identifier=0.5, path=0.3, coherence=0.05,
    roles=MappingProxyType({**WEIGHTS.roles, Role.TEST: 0.5, Role.DOCS: 0.5}))
for free in (1, 2, 3, 4):
    for decay in (0.5, 0.7, 0.85, 1.0):
        report(f"free={free} decay={decay}", dataclasses.replace(w, file_free=free, file_decay=decay))
