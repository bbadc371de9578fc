"""Words of code talk expanded to their synonyms and abbreviations on the BM25 side (6 Dec, night).

A natural-language query's words that are in GROUPS add the other words of their group
as a second BM25 query, weighted W and added to the first (top 2 × pool of each).
Usage, from this folder: PYTHONPATH=<checkout> python synonyms.py SPLIT W [W ...]
(W = 0: the default); NOQ=1: not for questions.
"""
import sys, time
from collections import defaultdict
from app.core.search import searcher as S
from app.core.search.query_kind import analyse, QueryKind
from app.core.terms import query_terms
from app.quality.evaluate import evaluate
from app.quality.projects import load_projects, DEFAULT_SET_DIR
from app.core.search.request import Mode

GROUPS = """
remove delete del rm unlink erase drop discard purge
create make new build construct spawn generate
get fetch retrieve obtain
lookup find search locate
set assign put
store save persist write
check validate verify ensure
compare cmp equal equals eq
convert transform cast coerce
parse decode deserialize unmarshal
serialize encode marshal dump stringify
size length len count
string str text
directory dir folder
configuration config cfg conf settings options opts preferences
error err exception failure fault
retry retries attempt backoff
start begin launch
stop terminate shutdown halt kill
cancel abort
close
send emit dispatch publish
receive recv consume
request req
response resp reply
message msg
argument arg args param params parameter
number num integer int
temporary temp tmp
buffer buf
character char chr
index idx
source src
destination dest dst target
previous prev
current cur curr
maximum max largest biggest highest
minimum min smallest lowest
initialize init setup
environment env
callback cb handler listener hook
function func fn
object obj
value val
image img
sort order
split tokenize
join concat concatenate merge combine
copy clone duplicate
replace substitute
password pwd passwd
escape sanitize
wait sleep delay
cache memoize
lock mutex
iterate iter loop
url uri link href
timestamp time date
random rand
color colour
hash digest checksum
compress deflate gzip zip
decompress inflate gunzip unzip
log logger logging
print output display show render
array list slice vec
dictionary dict map hash hashmap
attribute attr property prop
element elem el item
position pos offset
address addr
allocate alloc malloc
free release dealloc
execute exec run invoke call
command cmd
document doc
information info
specification spec
reference ref
variable var
package pkg
library lib
database db
connection conn
context ctx
token tok
length len
calculate compute
format fmt
expression expr
statement stmt
boolean bool
pointer ptr
utility util utils helper
"""

SYN: dict[str, set[str]] = defaultdict(set)
for line in GROUPS.strip().splitlines():
    words = line.split()
    for w in words:
        SYN[w] |= set(words) - {w}

def expansion(query: str) -> str:
    terms = query_terms(query)
    have = set(terms)
    extra = []
    for t in terms:
        for s in sorted(SYN.get(t, ())):
            if s not in have and s not in extra:
                extra.append(s)
    return " ".join(extra)

_orig = S.lexical_hits
WEIGHT = 0.0
import os
NOQ = bool(os.environ.get("NOQ"))

def patched(conn, query, limit, where, params, in_memory=True, whole_words=False):
    info = analyse(query)
    if WEIGHT == 0 or whole_words or info.kind is not QueryKind.NATURAL or (NOQ and info.question):
        return _orig(conn, query, limit, where, params, in_memory, whole_words)
    extra = expansion(query)
    if not extra:
        return _orig(conn, query, limit, where, params, in_memory, whole_words)
    a = dict(_orig(conn, query, limit * 2, where, params, in_memory, whole_words))
    b = dict(_orig(conn, extra, limit * 2, where, params, in_memory, whole_words))
    score = {i: a.get(i, 0.0) + WEIGHT * b.get(i, 0.0) for i in {*a, *b}}
    return sorted(score.items(), key=lambda kv: -kv[1])[:limit]

S.lexical_hits = patched

def main():
    global WEIGHT
    split = sys.argv[1]
    projects = [p for p in load_projects(DEFAULT_SET_DIR) if p.split == split]
    for w in map(float, sys.argv[2:]):
        WEIGHT = w
        t = time.time()
        out = evaluate(projects, DEFAULT_SET_DIR, configurations=(("default", Mode.HYBRID, True),),
                       say=lambda s: None)
        by = defaultdict(list)
        for o in out:
            by["all"].append(o.scores.ndcg)
            by[o.judgment.kind].append(o.scores.ndcg)
            by[o.language].append(o.scores.ndcg)
        print(f"w={w}: " + "  ".join(f"{k} {sum(v)/len(v):.4f}" for k, v in by.items()),
              f"({time.time()-t:.0f}s)", flush=True)

main()
