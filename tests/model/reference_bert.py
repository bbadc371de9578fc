"""An independent numpy forward pass of all-MiniLM-L6-v2, for checking the GGUF model.

Shares nothing with the code under test: it reads the safetensors weights and
the HF `tokenizer.json` directly and follows the BERT definition (post-LN
layers, exact-erf GELU, mean pooling over the attention mask, L2 normalise).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

MAX_TOKENS = 160  # where Kenning cuts (its embedder's max_tokens; the model accepts 256)
ReferenceEmbed = Callable[[Sequence[str]], np.ndarray]


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): numpy has no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
                + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def load_tokenizer(model_dir: Path) -> Tokenizer:
    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    # The packaged tokenizer.json pads (and truncates) to 128: undo both.
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


class ReferenceBert:
    """`embed(text)` -> unit float64 vector."""

    def __init__(self, model_dir: Path) -> None:
        config = json.loads((model_dir / "config.json").read_text())
        self.eps = float(config["layer_norm_eps"])
        self.n_heads = int(config["num_attention_heads"])
        self.n_layers = int(config["num_hidden_layers"])
        self.w = {k: v.astype(np.float64) for k, v in
                  load_file(str(model_dir / "model.safetensors")).items()
                  if k != "embeddings.position_ids"}
        self.tokenizer = load_tokenizer(model_dir)

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        return _layer_norm(x, self.w[f"{name}.weight"], self.w[f"{name}.bias"], self.eps)

    def embed(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids)
        n = len(ids)
        e = "embeddings"
        x = (self.w[f"{e}.word_embeddings.weight"][ids]
             + self.w[f"{e}.position_embeddings.weight"][:n]
             + self.w[f"{e}.token_type_embeddings.weight"][0])
        x = self._norm(x, f"{e}.LayerNorm")
        for i in range(self.n_layers):
            p = f"encoder.layer.{i}"
            attention = self._attention(x, f"{p}.attention")
            x = self._norm(x + attention, f"{p}.attention.output.LayerNorm")
            h = _gelu(self._linear(x, f"{p}.intermediate.dense"))
            x = self._norm(x + self._linear(h, f"{p}.output.dense"), f"{p}.output.LayerNorm")
        pooled = x.mean(0)  # no padding: the attention mask is all ones
        return pooled / np.linalg.norm(pooled)

    def _attention(self, x: np.ndarray, p: str) -> np.ndarray:
        n, d = x.shape
        hd = d // self.n_heads

        def heads(t: np.ndarray) -> np.ndarray:
            return t.reshape(n, self.n_heads, hd).transpose(1, 0, 2)

        q = heads(self._linear(x, f"{p}.self.query"))
        k = heads(self._linear(x, f"{p}.self.key"))
        v = heads(self._linear(x, f"{p}.self.value"))
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(hd)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        ctx = (scores @ v).transpose(1, 0, 2).reshape(n, d)
        return self._linear(ctx, f"{p}.output.dense")


def embed_isolated(model_dir: Path, texts: Sequence[str]) -> np.ndarray:
    """ReferenceBert(model_dir).embed over `texts`, run in a fresh interpreter.

    The child gets single-threaded BLAS: on two shared cores, multi-threaded
    OpenBLAS made these small matrix products 12x slower (129 s against 10.6 s
    for the fidelity sample), and BLAS threads cannot be limited once numpy
    is loaded.
    """
    single = {k: "1" for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    proc = subprocess.run([sys.executable, __file__, str(model_dir)],
                          input=json.dumps(list(texts)).encode(), capture_output=True,
                          env={**os.environ, **single}, timeout=600, check=True)
    return np.load(io.BytesIO(proc.stdout))


if __name__ == "__main__":
    reference = ReferenceBert(Path(sys.argv[1]))
    np.save(sys.stdout.buffer, np.array([reference.embed(t) for t in json.load(sys.stdin)]))
