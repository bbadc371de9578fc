import sys, dataclasses
sys.argv = [sys.argv[0], sys.argv[1]]
exec(open("/tmp/exp/tune.py").read().split('if __name__ == "__main__":')[0])
for v in (0.0, 0.05, 0.1, 0.2, 0.3):
    report(f"pieces={v}", dataclasses.replace(WEIGHTS, pieces=v))
for v in (0.3, 0.4, 0.5, 0.6):
    report(f"dense_identifier={v}", dataclasses.replace(WEIGHTS, dense_identifier=v))
for v in (0.25, 0.5, 0.75, 1.0):
    report(f"extension={v}", dataclasses.replace(WEIGHTS, extension=v))
