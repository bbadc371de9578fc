"""Assemble the data set: harvest every source, deduplicate, cap, split by repository.

Output folder:
  pairs-train.jsonl, pairs-validation.jsonl, pairs-test.jsonl   one pair per line
  corpus/test/<repo>/…                                          the files of the test
                                                                repositories that hold a test
                                                                pair, docs stripped, to be
                                                                indexed for real
  sources.json                                                  every source, its licence,
                                                                its split and its yield
"""

from __future__ import annotations

import contextlib
import json
import logging
import random
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.core.bias.data.fetch import fetch
from app.core.bias.data.harvest import (
    Pair,
    TokenCounter,
    file_pairs,
    read_source,
    source_files,
    strip_docs,
)
from app.core.bias.data.queries import search_style
from app.core.bias.data.sources import Source, Split

log = logging.getLogger(__name__)

SPLITS: tuple[Split, ...] = ("train", "validation", "test")
PAIRS_PER_REPO = {"train": 150, "validation": 60, "test": 25}


@dataclass
class SourceYield:
    source: Source
    licence: str = ""
    files: int = 0
    pairs: int = 0
    kept: int = 0
    error: str | None = None


@dataclass
class DatasetReport:
    sources: list[SourceYield] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {split: 0 for split in SPLITS}
        for y in self.sources:
            out[y.source.split()] += y.kept
        return out


def build_dataset(sources: Iterable[Source], cache: Path, out: Path,
                  count_tokens: TokenCounter, seed: int = 0,
                  progress: Callable[[str], None] | None = None,
                  per_repo: Mapping[Split, int] = PAIRS_PER_REPO) -> DatasetReport:
    """Harvest `sources` into `out` (see the module docstring), at most `per_repo[split]`
    pairs a package. Deterministic for a seed."""
    out.mkdir(parents=True, exist_ok=True)
    report = DatasetReport()
    seen_code: set[str] = set()
    ordered = sorted(sources, key=lambda s: (SPLITS.index(s.split()), s.key))
    with contextlib.ExitStack() as stack:
        writers = {split: stack.enter_context(open(out / f"pairs-{split}.jsonl", "w",
                                                  encoding="utf-8"))
                   for split in SPLITS}
        for source in ordered:
            outcome = SourceYield(source)
            report.sources.append(outcome)
            try:
                pairs, stripped = _harvest(source, cache, count_tokens, outcome)
            except Exception as exc:  # one bad package must not sink the data set
                outcome.error = f"{exc.__class__.__name__}: {exc}"
                log.warning("skipping %s: %s", source.key, outcome.error)
                continue
            split = source.split()
            kept = _select(pairs, seen_code, per_repo[split], random.Random(
                f"{seed}:{source.key}"))
            for pair in kept:
                rng = random.Random(f"{seed}:{pair.repo}:{pair.path}:{pair.symbol}")
                record = {**pair.as_dict(), "query_raw": pair.query,
                          "query": search_style(pair.query, rng)}
                writers[split].write(json.dumps(record, ensure_ascii=False) + "\n")
            outcome.kept = len(kept)
            if split == "test":
                _write_corpus(out, source, {p.path for p in kept}, stripped)
            if progress:
                progress(f"{source.key}: {outcome.files} files, {outcome.pairs} pairs, "
                         f"{outcome.kept} kept ({split})")
    (out / "sources.json").write_text(json.dumps([
        {"ecosystem": y.source.ecosystem, "name": y.source.name, "version": y.source.version,
         "licence": y.licence, "split": y.source.split(), "files": y.files, "pairs": y.pairs,
         "kept": y.kept, "error": y.error} for y in report.sources], indent=1), "utf-8")
    return report


def _harvest(source: Source, cache: Path, count_tokens: TokenCounter, outcome: SourceYield
             ) -> tuple[list[Pair], dict[str, str]]:
    """The package's pairs, and the doc-stripped text of each file that has any."""
    fetched = fetch(source, cache)
    outcome.licence = fetched.licence
    pairs: list[Pair] = []
    texts: dict[str, str] = {}
    for path, rel, language in source_files(fetched.root):
        text = read_source(path)
        if text is None:
            continue
        outcome.files += 1
        stripped = strip_docs(text, rel, language)
        found = file_pairs(stripped, source.key, count_tokens)
        if found:
            pairs.extend(found)
            texts[rel] = stripped.text
    outcome.pairs = len(pairs)
    return pairs, texts


def _write_corpus(out: Path, source: Source, paths: set[str], texts: dict[str, str]) -> None:
    for rel in sorted(paths):
        target = out / "corpus" / "test" / _repo_dir(source) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(texts[rel], "utf-8")

def _select(pairs: list[Pair], seen_code: set[str], cap: int, rng: random.Random) -> list[Pair]:
    """Drop code seen before (vendored copies, earlier splits) and repeated queries; cap."""
    unique: list[Pair] = []
    queries: set[str] = set()
    for pair in pairs:
        if pair.code_key in seen_code or pair.query in queries:
            continue
        seen_code.add(pair.code_key)
        queries.add(pair.query)
        unique.append(pair)
    return unique if len(unique) <= cap else sorted(rng.sample(unique, cap),
                                                    key=lambda p: (p.path, p.start_line))


def _repo_dir(source: Source) -> str:
    return f"{source.ecosystem}-{source.name}".replace("/", "_").replace("@", "")


def corpus_path(out: Path, split: Split, pair: dict[str, object]) -> Path:
    """Where the stripped file holding `pair`'s code was written."""
    ecosystem, name = str(pair["repo"]).split(":", 1)
    return out / "corpus" / split / _repo_dir(Source(ecosystem, name, "")) / str(pair["path"])
