"""The provisioned GGUF model agrees with an independent numpy forward pass."""

from __future__ import annotations

import importlib
import inspect

import numpy as np
from reference_bert import ReferenceEmbed
from tokenizers import Tokenizer

from app.core.model.embedder import Embedder

MODULES = ("json.decoder", "json.encoder", "email.utils", "email.header", "http.cookies",
           "textwrap", "shlex", "csv", "calendar", "fractions")
PER_MODULE = 6
N_SNIPPETS = 48
SNIPPET_TOKENS = 150  # under the 160 tokens Kenning embeds a snippet with


def functions_of(module_name: str) -> list[object]:
    """Functions and methods defined in the module, in name order."""
    found = []
    for _, obj in sorted(vars(importlib.import_module(module_name)).items()):
        if inspect.isclass(obj) and obj.__module__ == module_name:
            found += [m for _, m in sorted(vars(obj).items()) if inspect.isfunction(m)]
        elif inspect.isfunction(obj) and obj.__module__ == module_name:
            found.append(obj)
    return found


def stdlib_snippets(tokenizer: Tokenizer) -> list[str]:
    """Functions of the running interpreter's stdlib, in a fixed order, cut to ~150 tokens."""
    snippets: list[str] = []
    for name in MODULES:
        for func in functions_of(name)[:PER_MODULE]:
            source = inspect.getsource(func)
            offsets = tokenizer.encode(source, add_special_tokens=False).offsets
            if len(offsets) > SNIPPET_TOKENS:
                source = source[:offsets[SNIPPET_TOKENS - 1][1]]
            snippets.append(source)
    return snippets[:N_SNIPPETS]


def test_gguf_embeddings_match_numpy_reference(embedder: Embedder, hf_tokenizer: Tokenizer,
                                               reference_embed: ReferenceEmbed) -> None:
    snippets = stdlib_snippets(hf_tokenizer)
    assert len(snippets) >= 40
    cosines = (embedder.embed(snippets) * reference_embed(snippets)).sum(axis=1)
    print(f"\nfidelity over {len(snippets)} stdlib snippets: mean cosine {cosines.mean():.5f}, "
          f"min {cosines.min():.5f}")
    assert cosines.mean() >= 0.99
    assert cosines.min() >= 0.97


def test_tokenization_matches_hf_tokenizer(embedder: Embedder, hf_tokenizer: Tokenizer) -> None:
    for snippet in stdlib_snippets(hf_tokenizer):
        hf = hf_tokenizer.encode(snippet, add_special_tokens=False)
        assert embedder.count_tokens(snippet) == len(hf.ids)


def test_long_input_is_truncated_like_the_reference(embedder: Embedder,
                                                    reference_embed: ReferenceEmbed) -> None:
    words = inspect.getsource(importlib.import_module("json.decoder")).split()
    text = " ".join((words * 10)[:5000])
    [want] = reference_embed([text])  # the reference cuts at 160 tokens, [SEP] kept
    cosine = float(np.dot(embedder.embed_one(text), want))
    assert cosine >= 0.999  # 0.9997 measured; cutting off the final [SEP] gives 0.996
