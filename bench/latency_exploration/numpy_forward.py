"""numpy fp32 BERT forward, one sequence per call: tokens/s ceiling of a BLAS path."""
import time, sys
import numpy as np
from pathlib import Path
from safetensors.numpy import load_file
from app.core.model.provision import _source_checkpoint, default_model_path
from app.bench.corpus import stdlib_corpus
from app.core.model.embedder import Embedder
src, _ = _source_checkpoint()
W = load_file(str(Path(src) / "model.safetensors"))
W = {k.removeprefix("bert."): v.astype(np.float32) for k, v in W.items()}
L = 6; H = 12; D = 384; hd = 32
def ln(x, g, b, eps=1e-12):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * g + b
P = {}
for i in range(L):
    p = f"encoder.layer.{i}."
    P[i] = dict(
        qkv=np.concatenate([W[p+"attention.self.query.weight"], W[p+"attention.self.key.weight"], W[p+"attention.self.value.weight"]]).T.copy(),
        qkvb=np.concatenate([W[p+"attention.self.query.bias"], W[p+"attention.self.key.bias"], W[p+"attention.self.value.bias"]]),
        o=W[p+"attention.output.dense.weight"].T.copy(), ob=W[p+"attention.output.dense.bias"],
        l1g=W[p+"attention.output.LayerNorm.weight"], l1b=W[p+"attention.output.LayerNorm.bias"],
        i=W[p+"intermediate.dense.weight"].T.copy(), ib=W[p+"intermediate.dense.bias"],
        f=W[p+"output.dense.weight"].T.copy(), fb=W[p+"output.dense.bias"],
        l2g=W[p+"output.LayerNorm.weight"], l2b=W[p+"output.LayerNorm.bias"])
def gelu(x):
    return 0.5 * x * (1.0 + np.tanh(0.7978845608 * (x + 0.044715 * x * x * x)))
def forward(ids):
    T = len(ids)
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:T] + W["embeddings.token_type_embeddings.weight"][0]
    x = ln(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"])
    for i in range(L):
        p = P[i]
        qkv = x @ p["qkv"] + p["qkvb"]
        q = qkv[:, :D].reshape(T, H, hd).transpose(1, 0, 2)
        k = qkv[:, D:2*D].reshape(T, H, hd).transpose(1, 2, 0)
        v = qkv[:, 2*D:].reshape(T, H, hd).transpose(1, 0, 2)
        s = (q @ k) * (1 / np.sqrt(hd))
        s -= s.max(-1, keepdims=True); np.exp(s, out=s); s /= s.sum(-1, keepdims=True)
        a = (s @ v).transpose(1, 0, 2).reshape(T, D)
        x = ln(a @ p["o"] + p["ob"] + x, p["l1g"], p["l1b"])
        h = gelu(x @ p["i"] + p["ib"])
        x = ln(h @ p["f"] + p["fb"] + x, p["l2g"], p["l2b"])
    v = x.mean(0); return v / np.linalg.norm(v)
e = Embedder(default_model_path(), n_threads=1)
texts = stdlib_corpus(96, e.count_tokens, 256).texts
toks = [e._main.tokenize(t.encode(), True) for t in texts]
toks = [t if len(t) <= 256 else t[:255] + t[-1:] for t in toks]
ntok = sum(map(len, toks))
ref = e.embed(texts)
vs = np.array([forward(np.array(t)) for t in toks])
print("cos to llama.cpp Q8_0: mean %.5f min %.5f" % ((vs*ref).sum(1).mean(), (vs*ref).sum(1).min()))
for r in range(int(sys.argv[1])):
    t0 = time.perf_counter()
    for t in toks: forward(np.array(t))
    dt = time.perf_counter() - t0
    print(f"numpy {ntok} tokens {dt:.2f}s {ntok/dt:.0f} tok/s", flush=True)
