"""Text -> unit vectors with a GGUF embedding model run by llama.cpp.

Texts run one sequence per llama_decode() call, flash attention on. Packing
several texts into one decode is a little faster but changes the vectors (a
text's vector would depend on its batch neighbours), so it is not used; each
call uses all threads or one, whichever ThreadChooser (threads.py) measured
faster, because two threads collapse when other processes keep the cores
busy. The thread count does not change the vectors. The measurements behind
these choices are in docs/BENCHMARKS-limits.md ("Embedder design").
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Sequence
from pathlib import Path

import llama_cpp
import numpy as np

from app.core.errors import ModelError
from app.core.model import cpu_backend
from app.core.model.gguf_inspect import inspect_embedding_model
from app.core.model.provision import file_fingerprint
from app.core.model.threads import ThreadChooser

# all-MiniLM-L6-v2 was trained on sequences of at most 256 tokens; longer ones
# only cost time (attention is quadratic) and dilute the mean.
MAX_TOKENS = 256
# Context, batch and micro-batch: an encoder aborts the process in C if one
# sequence exceeds the micro-batch, so every sequence is cut to max_tokens first.
_N_CTX = 512
_MAX_THREADS = 4


def _default_threads() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(_MAX_THREADS, cores))


class Embedder:
    """One loaded embedding model.

    `embed()` serialises callers with a lock: one Embedder may be created and
    used on any thread, but calls from two threads at once wait for each
    other. `count_tokens()` only reads the vocabulary and takes no lock.
    `n_threads` is the most threads llama.cpp may use (default: the usable
    cores, at most 4); a call runs on one thread while that is faster.
    """

    def __init__(self, model_path: Path, n_threads: int | None = None) -> None:
        self.model_path = Path(model_path)
        info = inspect_embedding_model(self.model_path)
        self.fingerprint: str = file_fingerprint(self.model_path)
        self.max_tokens: int = min(MAX_TOKENS, info.context_length)
        self._threads = ThreadChooser(n_threads or _default_threads())
        self._threads_set = self._threads.current
        cpu_backend.ensure_loaded(self.model_path)
        try:
            self._llm = llama_cpp.Llama(
                str(self.model_path), embedding=True, n_ctx=_N_CTX, n_batch=_N_CTX,
                n_ubatch=_N_CTX, n_threads=self._threads_set, n_threads_batch=self._threads_set,
                flash_attn=True, verbose=False,
            )
        except (ValueError, RuntimeError) as exc:
            raise ModelError(
                f"llama.cpp cannot load the model file {self.model_path} "
                "(unsupported architecture or missing weights)."
            ) from exc
        self.dim: int = self._llm.n_embd()
        self._vocab = llama_cpp.llama_model_get_vocab(self._llm.model)
        self._memory = llama_cpp.llama_get_memory(self._llm.ctx)  # None for encoders
        self._batch = llama_cpp.llama_batch_init(self.max_tokens, 0, 1)
        weakref.finalize(self, llama_cpp.llama_batch_free, self._batch)
        for i in range(self.max_tokens):
            self._batch.pos[i] = i
            self._batch.n_seq_id[i] = 1
            self._batch.seq_id[i][0] = 0
            self._batch.logits[i] = True
        self._n_suffix = self._n_special_suffix()
        self._lock = threading.Lock()

    def count_tokens(self, text: str) -> int:
        """Tokens in `text`, not counting the special tokens the model adds."""
        data = text.encode("utf-8", "replace")
        return abs(llama_cpp.llama_tokenize(self._vocab, data, len(data), None, 0, False, False))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dim) of L2-normalised vectors.

        Each text is cut to its first max_tokens tokens (special tokens
        included). Texts run one per llama.cpp call: see the module docstring.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; use embed_one() for one text")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            for i, text in enumerate(texts):
                n = self._load_tokens(text)
                if n:
                    out[i] = self._run(n)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def _tokenize(self, data: bytes, add_special: bool) -> list[int]:
        size = -llama_cpp.llama_tokenize(self._vocab, data, len(data), None, 0, add_special, False)
        buf = (llama_cpp.llama_token * max(size, 1))()
        n = llama_cpp.llama_tokenize(self._vocab, data, len(data), buf, size, add_special, False)
        return buf[:n]

    def _n_special_suffix(self) -> int:
        """How many special tokens the model appends to a text ([SEP] for BERT).

        Truncation keeps them. If the text's own tokens cannot be found inside
        (a tokenizer that changes them when adding specials), assume none.
        """
        inner = self._tokenize(b"a", False)
        full = self._tokenize(b"a", True)
        prefix = next((k for k in range(len(full)) if full[k:k + len(inner)] == inner), None)
        return 0 if prefix is None else len(full) - prefix - len(inner)

    def _load_tokens(self, text: str) -> int:
        """Put the tokens of `text` (cut to max_tokens) into the batch; return their number."""
        data = text.encode("utf-8", "replace")
        tokens = self._batch.token
        n = llama_cpp.llama_tokenize(self._vocab, data, len(data), tokens, self.max_tokens,
                                     True, False)
        if n >= 0:
            return n
        full = self._tokenize(data, True)
        keep = full[:self.max_tokens - self._n_suffix] + full[len(full) - self._n_suffix:]
        for i, tok in enumerate(keep):
            tokens[i] = tok
        return len(keep)

    def _run(self, n_tokens: int) -> np.ndarray:
        self._batch.n_tokens = n_tokens
        if self._memory is not None:
            llama_cpp.llama_memory_clear(self._memory, True)
        threads = self._threads.choose()
        if threads != self._threads_set:
            llama_cpp.llama_set_n_threads(self._llm.ctx, threads, threads)
            self._threads_set = threads
        start = time.perf_counter()
        rc = llama_cpp.llama_decode(self._llm.ctx, self._batch)
        self._threads.record(threads, n_tokens, time.perf_counter() - start)
        ptr = llama_cpp.llama_get_embeddings_seq(self._llm.ctx, 0) if rc == 0 else None
        if not ptr:
            raise ModelError(f"llama.cpp failed to embed a text with {self.model_path} ({rc}).")
        return np.ctypeslib.as_array(ptr, shape=(self.dim,))
