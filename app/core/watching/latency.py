"""Save-to-searchable latency of a one-file edit: what `kenning bench` reports.

The clock starts when an edited file is written and stops when a search on a
separate read-only connection (as the search window has) finds the edit. It
includes the debounce window (`quiet_seconds`), which is a deliberate wait:
`median_after_quiet` is the part the watcher can make faster.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.engine import Engine, EngineConfig
from app.core.errors import KenningError
from app.core.search.request import Mode, SearchRequest
from app.core.search.searcher import Searcher
from app.core.watching.service import WatchOptions, WatchService

POLL_SECONDS = 0.01
MODULE_FUNCTIONS = 6


@dataclass(frozen=True)
class LatencyReport:
    samples: list[float]  # seconds from each save to the edit being found
    quiet_seconds: float

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def median_after_quiet(self) -> float:
        return self.median - self.quiet_seconds


def measure_save_latency(workdir: Path, edits: int = 10, model_path: Path | None = None,
                         options: WatchOptions | None = None,
                         timeout: float = 30.0) -> LatencyReport:
    """Watch a small module in `workdir` (a scratch folder) and time `edits` edits of it.

    Each edit renames one function of a module of six (an ordinary save: one
    snippet to embed, the others reused) and waits until a lexical search for
    the new name finds it. The index lives in `workdir` too.
    """
    options = options or WatchOptions()
    tree = workdir / "src"
    tree.mkdir(parents=True, exist_ok=True)
    module = tree / "geometry.py"
    module.write_text(_module("start"))
    engine = Engine(EngineConfig(db_path=workdir / "latency.db", model_path=model_path,
                                 threads=options.threads))
    service = WatchService(engine, [tree], options)
    service.start()
    try:
        if not service.wait_scanned(timeout * 4):
            raise KenningError(f"the watcher did not start: {service.error}")
        with engine.open_store(readonly=True) as store:
            searcher = engine.searcher(store)
            samples = []
            for edit in range(edits):
                name = f"edit{edit}x{time.monotonic_ns()}"
                saved = time.monotonic()
                module.write_text(_module(name))
                while not _found(searcher, f"scale_{name}"):
                    if time.monotonic() - saved > timeout or not service.running:
                        raise KenningError(f"edit {edit} was not searchable after {timeout}s")
                    time.sleep(POLL_SECONDS)
                samples.append(time.monotonic() - saved)
                time.sleep(options.quiet_seconds)  # let each edit be its own batch
    finally:
        service.stop()
        service.join()
    return LatencyReport(samples, options.quiet_seconds)


def _found(searcher: Searcher, word: str) -> bool:
    response = searcher.search(SearchRequest(word, k=3, mode=Mode.LEXICAL))
    return any(word in result.text for result in response.results)


def _module(tag: str) -> str:
    """A module of small functions; `tag` names the one that changes."""
    functions = [f'def scale_{tag}(points, factor):\n    """Scale every point by factor."""\n'
                 "    return [(x * factor, y * factor) for x, y in points]\n"]
    functions += [f"def helper_{i}(values):\n    \"\"\"Helper number {i}.\"\"\"\n"
                  f"    return sum(v * {i} for v in values) / max(len(values), 1)\n"
                  for i in range(MODULE_FUNCTIONS - 1)]
    return "\n\n".join(functions)
