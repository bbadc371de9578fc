"""Build a doc-stripped evaluation set of one package (all its pairs, as the test split):
python package_set.py OUT ECOSYSTEM NAME VERSION, then `kenning bias eval --data OUT`.
(Since 8 Dec, session 34, the guard sets' own builder, app/quality/package_sets.py.)"""
import sys
from pathlib import Path

from app.core.bias.data.sources import Source
from app.core.engine import Engine, EngineConfig
from app.quality.package_sets import build_package_data

out, eco, name, version = sys.argv[1:]
count_tokens = Engine(EngineConfig()).query_embedder().count_tokens
print(build_package_data(Source(eco, name, version), Path(out), count_tokens), "queries")
