import ctypes, sys, threading
from pathlib import Path
from app.core.store.connection import open_connection
from app.core.search import lexical_index as li
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS'): return int(line.split()[1])//1024
print("start", rss())
idx = []
def work():
    conn = open_connection(Path(sys.argv[1]), readonly=True)
    with conn:
        idx.append(li.build(conn))
    conn.close()
if sys.argv[2] == "thread":
    t = threading.Thread(target=work); t.start(); t.join()
else:
    work()
print("built", rss(), "index MB", idx[0].nbytes // 2**20)
ctypes.CDLL("libc.so.6").malloc_trim(0)
print("trimmed", rss())
