"""The steps behind `kenning bias data|train|eval`, each reproducible from its inputs."""

from __future__ import annotations

import json
import shutil
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__
from app.core.bias.data.build import DatasetReport, build_dataset
from app.core.bias.data.sources import load_manifest
from app.core.bias.data.written import load_written, written_pairs
from app.core.bias.dataset import PairArrays, embed_pairs, read_pairs
from app.core.bias.embed_cache import EmbeddingCache
from app.core.bias.eval_sets import (
    conala_pairs,
    conala_set,
    heldout_set,
    stdlib_queries,
    stdlib_set,
)
from app.core.bias.evaluate import CONFIGURATIONS, EvalSet, evaluate_set
from app.core.bias.matrix import BiasMatrix
from app.core.bias.metrics import Metrics
from app.core.bias.train import TrainResult, TrainSettings, train_matrix
from app.core.engine import Engine, EngineConfig
from app.core.errors import KenningError
from app.core.files.rules import IgnoreOptions
from app.core.paths import cache_dir

Notify = Callable[[str], None]
SOURCES = ("harvest", "raw", "conala", "written")


def embedding_cache(engine: Engine) -> EmbeddingCache:
    return EmbeddingCache(cache_dir() / "bias-embeddings", engine.query_embedder())


def build_data(engine: Engine, out: Path, cache: Path, seed: int, notify: Notify
               ) -> DatasetReport:
    counter = engine.query_embedder().count_tokens
    return build_dataset(load_manifest(), cache, out, counter, seed, notify)


def _conala_pairs(cache: EmbeddingCache) -> PairArrays:
    records = [{"repo": "conala", "language": "python", "query": p["intent"], "code": p["code"]}
               for p in conala_pairs("train")]
    return embed_pairs(records, cache)


def training_arrays(data: Path, cache: EmbeddingCache, sources: Sequence[str],
                    notify: Notify) -> tuple[PairArrays, PairArrays]:
    """(train, validation) arrays for the chosen sources; validation is always harvested code."""
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise KenningError(f"unknown training sources: {', '.join(sorted(unknown))}")
    if not (data / "pairs-train.jsonl").exists():
        raise KenningError(f"no training data in {data}: run `kenning bias data` first")

    def progress(done: int, total: int) -> None:
        notify(f"embedded {done}/{total} snippets")

    train_records = read_pairs(data / "pairs-train.jsonl")
    parts = []
    if "harvest" in sources:
        parts.append(embed_pairs(train_records, cache, "query", progress))
    if "raw" in sources:
        parts.append(embed_pairs(train_records, cache, "query_raw", progress))
    if "conala" in sources:
        parts.append(_conala_pairs(cache))
    if "written" in sources:
        parts.append(embed_pairs(written_pairs(train_records, load_written()), cache))
    validation = embed_pairs(read_pairs(data / "pairs-validation.jsonl"), cache, "query",
                             progress)
    return PairArrays.concat(parts), validation


def train_shipped(engine: Engine, data: Path, out: Path, settings: TrainSettings,
                  sources: Sequence[str], notify: Notify) -> TrainResult:
    """Train on the harvested data and write the matrix with its card."""
    cache = embedding_cache(engine)
    train, validation = training_arrays(data, cache, sources, notify)
    notify(f"training on {len(train)} pairs, validating on {len(validation)}")
    result = train_matrix(train.queries, train.codes, validation.queries, validation.codes,
                          settings, notify)
    BiasMatrix(result.weights, _card(engine, data, train, validation, settings, sources,
                                     result), result.doc_weights).save(out)
    shutil.copy2(data / "sources.json", out.with_suffix(".sources.json"))
    return result


def _card(engine: Engine, data: Path, train: PairArrays, validation: PairArrays,
          settings: TrainSettings, sources: Sequence[str], result: TrainResult
          ) -> dict[str, object]:
    manifest = json.loads((data / "sources.json").read_text("utf-8"))
    return {
        "name": "kenning-code-search",
        "kenning_version": __version__,
        "created": time.strftime("%Y-%m-%d"),
        "model": engine.model_path().name,
        "model_fingerprint": engine.model_fingerprint(),
        "scoring": ("score(q, d) = (A q / |A q|) · (B d / |B d|), d the raw stored snippet "
                    "vector; the .npy holds A, B stacked (2×d×d)" if result.doc_weights is not None
                    else "score(q, d) = (A q) · d on the raw stored snippet vectors"),
        "training_sources": list(sources),
        "data": {
            "packages": Counter(f"{s['ecosystem']}/{s['split']}" for s in manifest),
            "train_pairs": len(train),
            "validation_pairs": len(validation),
            "train_languages": Counter(str(r.get("language")) for r in train.records),
            "licences": Counter(s["licence"] for s in manifest).most_common(20),
            "sources_file": "the .sources.json next to this card lists every package",
        },
        "training": {**settings.as_dict(), "best_epoch": result.best_epoch,
                     "seconds": round(result.seconds, 1)},
        "validation": {"before": result.before.as_dict(), "after": result.after.as_dict()},
    }


def eval_sets(data: Path, work: Path) -> list[EvalSet]:
    work.mkdir(parents=True, exist_ok=True)
    return [heldout_set(data, "test"),
            conala_set("test", work),
            stdlib_set(stdlib_queries(), work)]


def run_eval(config: EngineConfig, data: Path, work: Path, notify: Notify
             ) -> dict[str, dict[str, Metrics]]:
    """Index each evaluation set into its own scratch index and score the five setups."""
    results: dict[str, dict[str, Metrics]] = {}
    for eval_set in eval_sets(data, work):
        db = work / (eval_set.name.split(" ")[0].lower() + ".db")
        results[eval_set.name] = evaluate_set(eval_engine(config, db, notify), eval_set,
                                              CONFIGURATIONS, notify)
    return results


def eval_engine(config: EngineConfig, db: Path, notify: Notify) -> Engine:
    """An engine for a scratch evaluation index. Its folders are data Kenning wrote,
    often under a build folder a repository's .gitignore leaves out (`build/` in
    this one's): ignore files must not empty them."""
    return Engine(EngineConfig(db_path=db, model_path=config.model_path, threads=config.threads,
                               ignore=IgnoreOptions(respect_ignore_files=False)), notify)


def markdown_table(results: dict[str, dict[str, Metrics]], command: str) -> str:
    lines = [f"Command: `{command}`", ""]
    for name, table in results.items():
        any_metrics = next(iter(table.values()))
        lines += [f"### {name} ({any_metrics.queries} queries)", "",
                  "| configuration | MRR | R@1 | R@5 | R@10 | NDCG@10 |",
                  "| --- | --- | --- | --- | --- | --- |"]
        best = max(m.mrr for m in table.values())
        for config, m in table.items():
            mark = "**" if m.mrr == best else ""
            lines.append(f"| {config} | {mark}{m.mrr:.3f}{mark} | {m.recall_at_1:.3f} | "
                         f"{m.recall_at_5:.3f} | {m.recall_at_10:.3f} | {m.ndcg_at_10:.3f} |")
        lines.append("")
    return "\n".join(lines)
