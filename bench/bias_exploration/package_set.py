"""Build a doc-stripped evaluation set of one package (all its pairs, forced to test):
python package_set.py OUT ECOSYSTEM NAME VERSION"""
import sys
from pathlib import Path
from app.core.bias.data import build
from app.core.bias.data.sources import Source
from app.core.engine import Engine, EngineConfig
from app.core.paths import cache_dir

class TestSource(Source):
    def split(self):
        return "test"

out, eco, name, version = sys.argv[1:]
build.PAIRS_PER_REPO["test"] = 10_000
engine = Engine(EngineConfig())
rep = build.build_dataset([TestSource(eco, name, version)], cache_dir() / "bias-sources", Path(out),
                          engine.query_embedder().count_tokens, 0, print)
print(rep.counts())
