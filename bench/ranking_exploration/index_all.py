import time
from app.quality.projects import load_projects, fetch_project
from app.quality.evaluate import project_engine
for p in load_projects():
    t = time.time()
    e = project_engine(p)
    r = e.index([fetch_project(p)])
    with e.open_store(readonly=True) as s:
        n = s.chunk_count()
    print(f"{p.name}: files {r.files_indexed} embedded {r.snippets_embedded} chunks {n} {time.time()-t:.0f}s", flush=True)
