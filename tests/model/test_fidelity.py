"""The provisioned GGUF model agrees with an independent numpy forward pass."""

from __future__ import annotations

import importlib
import inspect

import numpy as np
from reference_bert import ReferenceBert

from app.core.model.embedder import Embedder

MODULES = ("json.decoder", "json.encoder", "email.utils", "email.header", "http.cookies",
           "textwrap", "shlex", "csv", "calendar", "fractions")
SNIPPET_TOKENS = 200
N_SNIPPETS = 48
PER_MODULE = 6


def functions_of(module_name: str) -> list[object]:
    """Functions and methods defined in the module, in name order."""
    found = []
    for _, obj in sorted(vars(importlib.import_module(module_name)).items()):
        if inspect.isclass(obj) and obj.__module__ == module_name:
            found += [m for _, m in sorted(vars(obj).items()) if inspect.isfunction(m)]
        elif inspect.isfunction(obj) and obj.__module__ == module_name:
            found.append(obj)
    return found


def stdlib_snippets(reference: ReferenceBert) -> list[str]:
    """Functions of the running interpreter's stdlib, in a fixed order, cut to ~200 tokens."""
    snippets: list[str] = []
    for name in MODULES:
        for func in functions_of(name)[:PER_MODULE]:
            source = inspect.getsource(func)
            offsets = reference.tokenizer.encode(source, add_special_tokens=False).offsets
            if len(offsets) > SNIPPET_TOKENS:
                source = source[:offsets[SNIPPET_TOKENS - 1][1]]
            snippets.append(source)
    return snippets[:N_SNIPPETS]


def test_gguf_embeddings_match_numpy_reference(embedder: Embedder,
                                               reference: ReferenceBert) -> None:
    snippets = stdlib_snippets(reference)
    assert len(snippets) >= 40
    got = embedder.embed(snippets)
    want = np.array([reference.embed(s) for s in snippets])
    cosines = (got * want).sum(axis=1)
    print(f"\nfidelity over {len(snippets)} stdlib snippets: mean cosine {cosines.mean():.5f}, "
          f"min {cosines.min():.5f}")
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.97


def test_tokenization_matches_hf_tokenizer(embedder: Embedder, reference: ReferenceBert) -> None:
    for snippet in stdlib_snippets(reference):
        hf = reference.tokenizer.encode(snippet, add_special_tokens=False)
        assert embedder.count_tokens(snippet) == len(hf.ids)


def test_long_input_is_truncated_like_the_reference(embedder: Embedder,
                                                    reference: ReferenceBert) -> None:
    words = inspect.getsource(importlib.import_module("json.decoder")).split()
    text = " ".join((words * 10)[:5000])
    cosine = float(embedder.embed_one(text) @ reference.embed(text))  # reference cuts at 256
    assert cosine >= 0.99
