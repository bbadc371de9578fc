import json, os, subprocess, sys, time
M="/root/.local/share/kenning/models/all-MiniLM-L6-v2-Q8_0.gguf"
res={}
for rnd in range(int(sys.argv[1])):
    for t in (("1","2") if rnd%2==0 else ("2","1")):
        for f in ("/tmp/s7/ab.db","/tmp/s7/ab.db-wal","/tmp/s7/ab.db-shm"):
            if os.path.exists(f): os.remove(f)
        s=time.perf_counter()
        p=subprocess.Popen([sys.executable,"-m","app.core.processes.index_child","--db","/tmp/s7/ab.db","--model",M,"--threads","2","index","/tmp/s7/tree"],stdin=subprocess.PIPE,stdout=subprocess.PIPE,text=True,env={**os.environ,"OPENBLAS_NUM_THREADS":t},cwd="/work/main")
        last=None
        for line in p.stdout: last=json.loads(line)
        p.wait(); w=time.perf_counter()-s
        n=last.get("snippets_embedded")
        res.setdefault(t,[]).append(n/w); print("blas",t,n,"%.1f s"%w,"%.2f snippets/s"%(n/w),"peak",last.get("peak_rss_mb"),flush=True)
import statistics
for t,v in res.items(): print(t, "median %.2f"%statistics.median(v))
