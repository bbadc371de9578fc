import sys, time, statistics, json
from pathlib import Path
import numpy as np
from app.core.store.connection import open_connection
from app.core.search.lexical import lexical_search
from app.core.search import lexical_index as li
from app.core.bias.eval_sets import stdlib_queries
import tomllib, glob
queries = [q for q, _, _ in stdlib_queries()]
# quality queries
for f in glob.glob('bench/quality/queries/*.json'):
    queries += [q['query'] for q in json.load(open(f))['queries']]
queries += ["parse_config file_path", "a_b __init__ _", "self.assertEqual(x_y_z)", '"quoted" OR NOT', "naïve café", "x" * 300]
print(len(queries), "queries")
for db in sys.argv[1:]:
    conn = open_connection(Path(db), readonly=True)
    t = time.perf_counter()
    with conn:
        idx = li.build(conn)
    bt = time.perf_counter() - t
    same = diff = 0; fts_ms=[]; mem_ms=[]; worst=0
    for q in queries:
        with conn:
            s=time.perf_counter(); a = lexical_search(conn, q, 50, "1", []); fts_ms.append(time.perf_counter()-s)
            s=time.perf_counter(); b = idx.search(conn, q, 50); mem_ms.append(time.perf_counter()-s)
        sa = [round(x[1], 9) for x in a]; sb = [round(x[1], 9) for x in b]
        if sa == sb and set(i for i,_ in a[:len(a)-5]) <= set(i for i,_ in b):
            same += 1
        else:
            diff += 1
            if diff <= 3: print("DIFF", q, a[:5], b[:5])
        worst = max([worst] + [abs(x-y) for x,y in zip([x[1] for x in a],[x[1] for x in b])])
    print(f"{Path(db).name}: postings {len(idx.docs):,} terms {len(idx.terms):,} {idx.nbytes/2**20:.1f} MB build {bt:.2f}s; same {same} diff {diff} maxabs {worst:.2e}; fts p50 {statistics.median(fts_ms)*1000:.2f} mem p50 {statistics.median(mem_ms)*1000:.2f} ms")
