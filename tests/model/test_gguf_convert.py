"""The torch-free converter: tensor types, and an F16 file true to the weights."""

from __future__ import annotations

from pathlib import Path

import gguf
from reference_bert import ReferenceEmbed

from app.core.model.embedder import Embedder

Q = gguf.GGMLQuantizationType


def test_tensor_types(f16_model: Path) -> None:
    reader = gguf.GGUFReader(f16_model)
    types = {t.name: (len(t.shape), t.tensor_type) for t in reader.tensors}
    assert len(types) == 101  # 5 embedding tensors + 6 layers x 16
    assert types["token_types.weight"][1] == Q.F32
    for name, (n_dims, qtype) in types.items():
        if name != "token_types.weight":
            assert qtype == (Q.F32 if n_dims == 1 else Q.F16), name


def test_f16_file_matches_reference(f16_model: Path, reference_embed: ReferenceEmbed) -> None:
    texts = ["", "def foo(): pass", "Return the number of bytes in the buffer.",
             "class Cache:\n    def get(self, key):\n        return self._data.get(key)\n"]
    got = Embedder(f16_model, n_threads=2).embed(texts)
    assert (got * reference_embed(texts)).sum(axis=1).min() > 0.9999
