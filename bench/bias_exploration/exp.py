import sys, json, time
sys.path.insert(0,"/work/main"); sys.path.insert(0,"/tmp/bx")
import numpy as np
from app.core.bias.train import evaluate, mine_hard_negatives, _softmax_grad
import proxy
a = np.load("/tmp/harvest/arrays.npz"); c = np.load("/tmp/harvest/conala.npz")
recs = [json.loads(l) for l in open("/tmp/harvest/ds/pairs-train.jsonl")]
repos = [r["repo"] for r in recs] + ["conala"] * len(c["tq"])
import os
RAW = os.environ.get("RAW") == "1"
Q = np.vstack([a["trq"], c["tq"]] + ([a["trqr"]] if RAW else [])).astype(np.float64)
D = np.vstack([a["trd"], c["td"]] + ([a["trd"]] if RAW else [])).astype(np.float64)
if RAW: repos = repos + repos[:len(a["trd"])]
vaq, vad = a["vaq"], a["vad"]
PS = __import__("pickle").load(open("/tmp/bx/proxy.pkl","rb"))

def batches(rng, grouped, batch):
    if not grouped:
        o = rng.permutation(len(Q)); return [o[i:i+batch] for i in range(0, len(o)-batch+1, batch)]
    # shuffle within repo, then chunk repos into batches of ~batch (several repos per batch)
    by = {}
    for i, r in enumerate(repos): by.setdefault(r, []).append(i)
    groups = [rng.permutation(v) for v in by.values()]
    order = np.concatenate([groups[j] for j in rng.permutation(len(groups))])
    return [order[i:i+batch] for i in range(0, len(order)-batch+1, batch)]

def run(lr=1e-4, tau=0.03, l2=1e-3, hard=2, pool=20, epochs=30, batch=256, seed=0, grouped=False, norm=False, patience=4):
    rng = np.random.default_rng(seed); I = np.eye(384); W = I.copy(); m = np.zeros_like(W); v = np.zeros_like(W); t = 0
    H = mine_hard_negatives(Q.astype(np.float32), D.astype(np.float32), pool) if hard else None
    best = evaluate(vaq, vad).mrr; bw = W.copy(); wait = 0; hist = []
    for ep in range(epochs):
        for idx in batches(rng, grouped, batch):
            q, d = Q[idx], D[idx]; cand = d
            if hard:
                picks = H[idx[:, None], rng.integers(0, pool, size=(len(idx), hard))]
                cand = np.vstack([d, D[picks.ravel()]])
            p = q @ W.T
            if norm:
                n = np.linalg.norm(p, axis=1, keepdims=True); u = p / n
            else: u = p
            l1, g1 = _softmax_grad(u @ cand.T / tau); l2_, g2 = _softmax_grad(d @ u.T / tau)
            gu = (g1 @ cand + g2.T @ d) / tau
            gp = (gu - u * (u * gu).sum(1, keepdims=True)) / n if norm else gu
            g = gp.T @ q + 2 * l2 * (W - I); t += 1
            m = .9*m + .1*g; v = .999*v + .001*g*g
            W -= lr * (m/(1-.9**t)) / (np.sqrt(v/(1-.999**t)) + 1e-8)
        s = evaluate(vaq, vad, W.astype(np.float32)).mrr; hist.append(round(s, 4))
        if s > best: best, bw, wait = s, W.copy(), 0
        else:
            wait += 1
            if wait >= patience: break
    return best, hist, bw.astype(np.float32)

for cfg in json.loads(sys.argv[1]):
    t0 = time.time(); b, h, W = run(**cfg)
    name = ("raw_" if RAW else "") + ("_".join(f"{k}{v}" for k, v in cfg.items()) or "base")
    np.save(f"/tmp/bx/W_{name}.npy", W)
    print(cfg, "val", round(b, 4), h[-6:], proxy.evaluate(W, PS), f"{time.time()-t0:.0f}s", flush=True)
