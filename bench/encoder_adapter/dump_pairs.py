"""Write the bias matrix's training pairs (harvest, written, CoNaLa train) and its
validation pairs as JSONL for `train_lora.py`, which runs in a venv with torch.

Run from the checkout's root with its venv: `python bench/encoder_adapter/dump_pairs.py OUT_DIR`.
"""
import json
import sys
from pathlib import Path

from app.core.bias.data.written import load_written, written_pairs
from app.core.bias.dataset import read_pairs
from app.core.bias.eval_sets import conala_pairs

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
data = Path("build/bias-data")
train = read_pairs(data / "pairs-train.jsonl")
rows = [{"q": r["query"], "c": r["code"], "src": "harvest", "repo": r["repo"]} for r in train]
rows += [{"q": r["query"], "c": r["code"], "src": "written", "repo": r["repo"]}
         for r in written_pairs(train, load_written())]
rows += [{"q": p["intent"], "c": p["code"], "src": "conala", "repo": "conala"}
         for p in conala_pairs("train")]
with open(out / "train.jsonl", "w") as handle:
    handle.writelines(json.dumps(r) + "\n" for r in rows)
with open(out / "val.jsonl", "w") as handle:
    handle.writelines(json.dumps({"q": r["query"], "c": r["code"], "repo": r["repo"]}) + "\n"
                      for r in read_pairs(data / "pairs-validation.jsonl"))
print(len(rows), "training pairs")
