"""The bench's full index (section 2) under the CPUID mask, with each haswell library in turn.

Usage: masked_index_ab.py ROUNDS LIB... (libraries in /tmp/s17; the installed one saved there
as haswell-shipped.so first and put back at the end)
"""
import sys, shutil, tempfile, time
sys.path.insert(0, "/work/main")
from pathlib import Path
from app.bench import avx2_only
from app.bench.indexing import copy_tree, index_child
from app.core.model.provision import default_model_path
LIB = Path("/work/main/.venv/lib/python3.11/site-packages/llama_cpp/lib/libggml-cpu-haswell.so")
work = Path(tempfile.mkdtemp(dir="/tmp/s17"))
tree = copy_tree(("json", "email", "http", "urllib", "logging", "xml"), work / "tree")
env, why = avx2_only.environment(work)
assert env, why
for r in range(int(sys.argv[1])):
    for lib in sys.argv[2:]:
        shutil.copy(f"/tmp/s17/{lib}", LIB)
        db = work / f"{lib}-{r}.db"
        run = index_child(db, tree, default_model_path(), env)
        n = int(run.done["snippets_embedded"])
        print(lib, f"{run.seconds:.1f} s", f"{n / run.seconds:.1f} snippets/s", f"{run.peak_rss_mb:.0f} MB", flush=True)
shutil.copy("/tmp/s17/haswell-shipped.so", LIB)
