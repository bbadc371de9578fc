"""Run the evaluation set through the product: real index, real searcher, every configuration.

Each project is indexed by the real indexer into an index of its own (kept
between runs under the cache, so a second run only re-indexes what changed)
and every query goes through `Searcher.search` exactly as `kenning search
--json` runs it, at k = 10.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from app.core import background
from app.core.engine import Engine, EngineConfig
from app.core.model.provision import file_fingerprint
from app.core.paths import cache_dir
from app.core.search.lexical_index import wait_for_lexical_index
from app.core.search.ranking import WEIGHTS, Weights
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.core.settings import Settings
from app.core.store.store import Store
from app.quality.judgments import Judgment, load_judgments
from app.quality.metrics import Hit, Scores, score
from app.quality.projects import DEFAULT_SET_DIR, Project, fetch_project

K = 10

# The signal variant without the learned order (the report names its blind check by it).
HAND_SET_VARIANT = "the hand-set weights alone (no learned order)"

# (name, mode, bias): what the report compares. "default" is what the window and
# `kenning search` do with no flags.
CONFIGURATIONS: tuple[tuple[str, Mode, bool], ...] = (
    ("lexical", Mode.LEXICAL, False),
    ("semantic raw", Mode.SEMANTIC, False),
    ("semantic + matrix", Mode.SEMANTIC, True),
    ("hybrid raw", Mode.HYBRID, False),
    ("default", Mode.HYBRID, True),
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One query's metrics in one configuration."""

    judgment: Judgment
    language: str
    split: str
    configuration: str
    scores: Scores


# Another folder of indexes (another chunker's, kept beside the real ones) for experiments.
INDEX_DIR_ENV = "KENNING_QUALITY_INDEXES"


def harness_config(db_path: Path | None = None) -> EngineConfig:
    """How the set is measured: the model resolved as every front end resolves it
    (`$KENNING_MODEL`, else the default model), with the default settings, not the
    user's settings file: the set measures a model, not a desk."""
    return EngineConfig.from_options(str(db_path) if db_path else None, settings=Settings())


def index_dir() -> Path:
    """Where the projects' indexes (and the guard sets', in guard-sets/) are kept.

    Another model's indexes are kept apart (named by its fingerprint), so that
    measuring it never re-embeds the default model's."""
    if os.environ.get(INDEX_DIR_ENV):
        return Path(os.environ[INDEX_DIR_ENV])
    model = harness_config().model_path
    if model is None:
        return cache_dir() / "quality-index"
    return cache_dir() / f"quality-index-{file_fingerprint(model)[:16]}"


def harness_engine(db_path: Path) -> Engine:
    """An engine on `db_path` with the model under measurement (`harness_config`)."""
    return Engine(harness_config(db_path))


def project_engine(project: Project, indexes: Path | None = None) -> Engine:
    """An engine on the project's own index (created or brought up to date by `evaluate`)."""
    folder = indexes or index_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return harness_engine(folder / f"{project.name}.db")


@contextmanager
def project_searcher(project: Project, say: Callable[[str], None] | None = None
                     ) -> Iterator[tuple[Store, Searcher]]:
    """The project's index, brought up to date first (`say`: what that did), opened
    read-only, with a settled searcher on it."""
    engine = project_engine(project)
    report = engine.index([fetch_project(project)])
    if say:
        say(f"{project.name}: {report.files_indexed} files indexed, "
            f"{report.snippets_embedded} snippets embedded ({report.seconds:.0f} s)")
    with engine.open_store(readonly=True) as store:
        searcher = engine.searcher(store)
        settle(searcher)
        yield store, searcher


def evaluate(projects: Iterable[Project], set_dir: Path = DEFAULT_SET_DIR,
             configurations: tuple[tuple[str, Mode, bool], ...] = CONFIGURATIONS,
             say: Callable[[str], None] = print,
             variants: Mapping[str, Weights] | None = None) -> list[Outcome]:
    """Index each project, run its queries in each configuration, score them.

    `variants` (name → ranking weights) run the default configuration again with
    other weights: what each signal of the ranking stage is worth."""
    outcomes: list[Outcome] = []
    for project in projects:
        judgments = load_judgments(project, set_dir)
        with project_searcher(project, say) as (store, searcher):
            runs = [(name, searcher, mode, bias) for name, mode, bias in configurations]
            runs += [(name, Searcher(store, searcher.embed_query, searcher.bias, weights),
                      Mode.HYBRID, True) for name, weights in (variants or {}).items()]
            for name, runner, mode, bias in runs:
                for judgment in judgments:
                    response = runner.search(SearchRequest(judgment.query, K, mode, bias))
                    hits = [Hit.at(r) for r in response.results]
                    outcomes.append(Outcome(judgment, project.language, project.split, name,
                                            score(judgment, hits)))
    return outcomes


def settle(searcher: Searcher) -> None:
    """Let the searches to come run as they do once the app's background builds are
    done: the in-memory postings (before them FTS5 answers, the same BM25 with ties in
    another order) and each row's 1/‖B d‖ for the matrix (before them more rows are
    re-scored exactly). Measured without this, a busy machine gave other figures."""
    searcher.warm_up()  # starts the builds
    background.settle()
    wait_for_lexical_index(searcher.store.conn)


def signal_variants(base: Weights = WEIGHTS) -> dict[str, Weights]:
    """The default's ranking stage with one signal taken out (or changed) at a time."""
    return {
        HAND_SET_VARIANT: replace(base, learned_order=False),
        "meaning only (no BM25 in the fusion)": replace(base, dense_natural=1.0,
                                                        dense_identifier=1.0),
        "words only (no cosine in the fusion)": replace(base, dense_natural=0.0,
                                                        dense_identifier=0.0),
        "the mapped cosine alone (no raw cosine blended in)":
            replace(base, matrix_share=1.0),
        "one fusion weight for every query (0.8)": replace(base, dense_identifier=0.8),
        "no symbol-definition boost": replace(base, symbol_exact=0.0, symbol_loose=0.0,
                                              symbol_qualified=0.0, symbol_direct=0.0,
                                              symbol_private=0.0),
        "a private name (`_x`) not lowered": replace(base, symbol_private=0.0),
        "no path words": replace(base, path=0.0),
        "no file roles (tests, docs, stubs...)": replace(base, roles=MappingProxyType({})),
        "code outside functions not lowered for sentences": replace(base,
                                                                    outside_functions=1.0),
        "no length prior for questions": replace(base, question_length=0.0),
        "no lift for a language the query names": replace(base, other_language=1.0),
        "no file coherence": replace(base, coherence=0.0),
        "no per-file diversity": replace(base, file_cap=None),
        "at most 3 results of a file": replace(base, file_cap=3),
    }
