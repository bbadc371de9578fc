"""Text -> unit vectors with a GGUF embedding model run by llama.cpp.

Texts run one sequence per llama_decode() call, flash attention on. Packing
several texts into one decode is a little faster but changes the vectors (a
text's vector would depend on its batch neighbours), so it is not used.

Several texts at once (indexing) run on lanes: one llama.cpp context per
thread allowed, each on one thread, fed from a shared queue by Python
threads (llama.cpp's calls release the GIL). One text (a query) runs on one
context with all threads or one, whichever ThreadChooser (threads.py)
measured faster. Lanes beat one context with several threads because the
threads of one graph meet at a barrier after every node, and a thread parked
by the OS holds all of them up. The thread count does not change the
vectors (bit for bit). The measurements behind these choices are in
docs/BENCHMARKS-limits.md ("Embedder design").
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import llama_cpp
import numpy as np

from app.core.errors import ModelError
from app.core.model import cpu_backend
from app.core.model.gguf_inspect import inspect_embedding_model
from app.core.model.provision import file_fingerprint
from app.core.model.threads import ThreadChooser

# The most tokens one snippet is embedded with, and so the chunker's budget. all-MiniLM-L6-v2
# accepts 256 but was trained on 128-token inputs: snippets of at most 160 tokens (a long
# definition in more pieces, each embedded whole) rank better than 256 and than 128 or 192
# (docs/QUALITY.md, "Snippets of at most 160 tokens"); attention, quadratic, costs less.
MAX_TOKENS = 160
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


class _Context:
    """One llama.cpp context on the model file, its token batch and its thread count."""

    def __init__(self, model_path: Path, n_threads: int, max_tokens: int) -> None:
        self.model_path = model_path
        self.threads = ThreadChooser(n_threads)
        self.threads_set = self.threads.current
        self.llm = llama_cpp.Llama(
            str(model_path), embedding=True, n_ctx=_N_CTX, n_batch=_N_CTX,
            n_ubatch=_N_CTX, n_threads=self.threads_set, n_threads_batch=self.threads_set,
            flash_attn=True, verbose=False,
        )
        self.max_tokens = max_tokens
        self.dim: int = self.llm.n_embd()
        self.vocab = llama_cpp.llama_model_get_vocab(self.llm.model)
        self.memory = llama_cpp.llama_get_memory(self.llm.ctx)  # None for encoders
        self.batch = llama_cpp.llama_batch_init(max_tokens, 0, 1)
        weakref.finalize(self, llama_cpp.llama_batch_free, self.batch)
        for i in range(max_tokens):
            self.batch.pos[i] = i
            self.batch.n_seq_id[i] = 1
            self.batch.seq_id[i][0] = 0
            self.batch.logits[i] = True
        self.n_suffix = self._n_special_suffix()

    def tokenize(self, data: bytes, add_special: bool) -> list[int]:
        size = -llama_cpp.llama_tokenize(self.vocab, data, len(data), None, 0, add_special, False)
        buf = (llama_cpp.llama_token * max(size, 1))()
        n = llama_cpp.llama_tokenize(self.vocab, data, len(data), buf, size, add_special, False)
        return buf[:n]

    def _n_special_suffix(self) -> int:
        """How many special tokens the model appends to a text ([SEP] for BERT).

        Truncation keeps them. If the text's own tokens cannot be found inside
        (a tokenizer that changes them when adding specials), assume none.
        """
        inner = self.tokenize(b"a", False)
        full = self.tokenize(b"a", True)
        prefix = next((k for k in range(len(full)) if full[k:k + len(inner)] == inner), None)
        return 0 if prefix is None else len(full) - prefix - len(inner)

    def embed(self, text: str) -> np.ndarray | None:
        """The raw (unnormalised) vector of `text`; None for a text without tokens."""
        n = self._load_tokens(text)
        return self._run(n) if n else None

    def _load_tokens(self, text: str) -> int:
        """Put the tokens of `text` (cut to max_tokens) into the batch; return their number."""
        data = text.encode("utf-8", "replace")
        tokens = self.batch.token
        n = llama_cpp.llama_tokenize(self.vocab, data, len(data), tokens, self.max_tokens,
                                     True, False)
        if n >= 0:
            return n
        full = self.tokenize(data, True)
        keep = full[:self.max_tokens - self.n_suffix] + full[len(full) - self.n_suffix:]
        for i, tok in enumerate(keep):
            tokens[i] = tok
        return len(keep)

    def _run(self, n_tokens: int) -> np.ndarray:
        self.batch.n_tokens = n_tokens
        if self.memory is not None:
            llama_cpp.llama_memory_clear(self.memory, True)
        threads = self.threads.choose()
        if threads != self.threads_set:
            llama_cpp.llama_set_n_threads(self.llm.ctx, threads, threads)
            self.threads_set = threads
        start = time.perf_counter()
        rc = llama_cpp.llama_decode(self.llm.ctx, self.batch)
        self.threads.record(threads, n_tokens, time.perf_counter() - start)
        ptr = llama_cpp.llama_get_embeddings_seq(self.llm.ctx, 0) if rc == 0 else None
        if not ptr:
            raise ModelError(f"llama.cpp failed to embed a text with {self.model_path} ({rc}).")
        return np.ctypeslib.as_array(ptr, shape=(self.dim,)).copy()


class Embedder:
    """One loaded embedding model.

    `embed()` serialises callers with a lock: one Embedder may be created and
    used on any thread, but calls from two threads at once wait for each
    other. `count_tokens()` only reads the vocabulary and takes no lock.
    `n_threads` is the most threads llama.cpp may use (default: the usable
    cores, at most 4): a call with one text runs on one context with that many
    threads or one, several texts run on that many one-thread lanes.
    """

    def __init__(self, model_path: Path, n_threads: int | None = None) -> None:
        self.model_path = Path(model_path)
        info = inspect_embedding_model(self.model_path)
        self.fingerprint: str = file_fingerprint(self.model_path)
        self.max_tokens: int = min(MAX_TOKENS, info.context_length)
        self.n_threads = n_threads or _default_threads()
        cpu_backend.ensure_loaded(self.model_path)
        self._main = self._context(self.n_threads)
        self.dim: int = self._main.dim
        self._lanes: list[_Context] = []
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _context(self, n_threads: int) -> _Context:
        try:
            return _Context(self.model_path, n_threads, self.max_tokens)
        except (ValueError, RuntimeError) as exc:
            raise ModelError(
                f"llama.cpp cannot load the model file {self.model_path} "
                "(unsupported architecture or missing weights)."
            ) from exc

    def count_tokens(self, text: str) -> int:
        """Tokens in `text`, not counting the special tokens the model adds."""
        data = text.encode("utf-8", "replace")
        return abs(llama_cpp.llama_tokenize(self._main.vocab, data, len(data), None, 0, False,
                                            False))

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """float32 array (len(texts), dim) of L2-normalised vectors.

        Each text is cut to its first max_tokens tokens (special tokens
        included). Texts run one per llama.cpp call: see the module docstring.
        """
        if isinstance(texts, str):
            raise TypeError("embed() takes a sequence of texts; use embed_one() for one text")
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock:
            if len(texts) > 1 and self.n_threads > 1:
                self._on_lanes(texts, out)
            else:
                for i, text in enumerate(texts):
                    vector = self._main.embed(text)
                    if vector is not None:
                        out[i] = vector
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out

    def _on_lanes(self, texts: Sequence[str], out: np.ndarray) -> None:
        """Each lane takes the next text from a shared queue until none is left."""
        if not self._lanes:
            self._lanes = [self._context(1) for _ in range(self.n_threads)]
            self._pool = ThreadPoolExecutor(len(self._lanes), thread_name_prefix="embed-lane")
            weakref.finalize(self, self._pool.shutdown, wait=False)
        queue = iter(range(len(texts)))
        taken = threading.Lock()

        def drain(lane: _Context) -> None:
            while True:
                with taken:
                    i = next(queue, None)
                if i is None:
                    return
                vector = lane.embed(texts[i])
                if vector is not None:
                    out[i] = vector

        assert self._pool is not None
        for done in [self._pool.submit(drain, lane) for lane in self._lanes]:
            done.result()

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]
