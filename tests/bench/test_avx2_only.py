"""The CPUID mask of the bench's AVX2-only runs: a process under it sees no
AVX-512, AVX-VNNI or AMX, takes llama.cpp's AVX2 kernels and still embeds right."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.bench import avx2_only
from app.core.model.provision import default_model_path

pytestmark = pytest.mark.skipif(avx2_only.unavailable() is not None,
                                reason=f"{avx2_only.unavailable()}")

CHILD = """
import json, sys
import numpy as np
from pathlib import Path
from app.core.model import cpu_backend
from app.core.model.embedder import Embedder
features = np._core._multiarray_umath.__cpu_features__
vector = Embedder(Path(sys.argv[1]), n_threads=1).embed_one("compare two version strings")
print(json.dumps({"beyond_avx2": sorted(k for k, v in features.items()
                                        if v and k.startswith(("AVX512", "AVX_VNNI", "AMX"))),
                  "avx2": features["AVX2"], "kernels": cpu_backend.loaded(),
                  "vector": vector.tolist()}))
"""


def _child(env: dict[str, str]) -> dict:
    run = subprocess.run([sys.executable, "-c", CHILD, str(default_model_path())],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, **env}, cwd=Path(__file__).resolve().parents[2])
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_a_masked_process_sees_avx2_only_and_embeds_as_without_the_mask(tmp_path: Path) -> None:
    plain = _child({})
    env, reason = avx2_only.environment(tmp_path)
    assert env is not None, reason
    masked = _child(env)
    assert plain["beyond_avx2"], "this processor reports more than AVX2 unmasked"
    assert masked["beyond_avx2"] == []
    assert masked["avx2"] is True
    assert masked["kernels"] == avx2_only.KERNELS
    cosine = float(np.dot(plain["vector"], masked["vector"]))
    assert cosine > 0.999
