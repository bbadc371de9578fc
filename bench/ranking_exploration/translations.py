"""Query words → code words, learned from (query, code) pairs, as a ranking bonus.

The lexical side matches a query's words literally; "join two traceback chains" never
meets `concat_tb`. A translation table learned from the harvested pairs (query = a
function's rewritten doc sentence, code = the function without its docs) and CoNaLa's
training intents gives each query word the code words that come with it far more often
than by chance. A candidate then earns a bonus for each query word it lacks but holds a
translation of.

python translations.py table            print the table's most frequent words
python translations.py grid G [G ...]   the bonus at share G, on the vector dump
"""
import json
import math
import re
import sys
from collections import Counter, defaultdict

from app.core.terms import STOPWORDS, split_identifier

PAIRS = "/work/main/build/bias-data/pairs-train.jsonl"
CONALA = "/work/shared/datasets/conala/train.json"
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MIN_WORD, MIN_PAIR, MIN_P, MIN_LIFT, PER_WORD, MIN_REPOS = 30, 8, 0.08, 4.0, 6, 8


def stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def words(text: str) -> set[str]:
    """Lower-case stems of every word and identifier part."""
    out = set()
    for tok in _TOKEN.findall(text):
        for part in [tok.lower(), *split_identifier(tok)]:
            if len(part) > 1 and part not in STOPWORDS:
                out.add(stem(part))
    return out


def pairs():
    for line in open(PAIRS):
        r = json.loads(line)
        code = r["code"].split("\n", 1)[1] if "\n" in r["code"] else r["code"]
        yield r["repo"], r["query"], code
    for i, r in enumerate(json.load(open(CONALA))):
        yield f"conala{i}", r["intent"], r["code"]


def learn():
    n = 0
    qcount, ccount, joint = Counter(), Counter(), Counter()
    sources = defaultdict(set)  # (w, t) -> the repositories it was seen in
    for repo, q, c in pairs():
        qw, cw = words(q), words(c)
        n += 1
        qcount.update(qw)
        ccount.update(cw)
        for w in qw:
            for t in cw:
                if t != w:
                    joint[(w, t)] += 1
                    if len(sources[(w, t)]) < MIN_REPOS:
                        sources[(w, t)].add(repo)
    table = defaultdict(list)
    for (w, t), k in joint.items():
        if qcount[w] < MIN_WORD or k < MIN_PAIR or len(sources[(w, t)]) < MIN_REPOS:
            continue
        p = k / qcount[w]
        lift = p / (ccount[t] / n)
        if p >= MIN_P and lift >= MIN_LIFT:
            table[w].append((t, p * math.log(lift)))
    return {w: sorted(ts, key=lambda x: -x[1])[:PER_WORD] for w, ts in table.items()}, qcount


if __name__ == "__main__" and sys.argv[1] == "table":
    table, qcount = learn()
    print(len(table), "words")
    for w in sorted(table, key=lambda w: -qcount[w])[:80]:
        print(f"{w:14s} {qcount[w]:5d}", " ".join(f"{t}:{s:.2f}" for t, s in table[w]))


if __name__ == "__main__" and sys.argv[1] == "grid":
    import apsw
    import variants as V

    table, _ = learn()
    texts = {}
    for name in V.D:
        conn = apsw.Connection(V.database(name), flags=apsw.SQLITE_OPEN_READONLY)
        texts.update({(name, cid): text for cid, text in conn.execute("select id, text from chunks")})
    cwords, qwords = {}, {}

    def expansion(q, c):
        if q.kind != "natural":
            return 0.0
        key = (V.HOOKS["project"], c.chunk_id)
        if key not in cwords:
            cwords[key] = words(texts[key])
        have = cwords[key]
        qw = qwords.setdefault(q.text, words(q.text))
        if not qw:
            return 0.0
        got = 0.0
        for w in qw:
            if w in have:
                continue
            got += min(1.0, max((s for t, s in table.get(w, ()) if t in have), default=0.0))
        return got / len(qw)

    base = V.run()
    V.show("base", base)
    for g in map(float, sys.argv[2:]):
        V.show(f"translations {g}", V.run(bonus=lambda q, c, g=g: g * expansion(q, c)), base)
