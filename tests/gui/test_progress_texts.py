"""What the window and the terminal say in each indexing phase, and the coverage."""

from __future__ import annotations

import io
from pathlib import Path

from app.cli.progress import ProgressBar
from app.core.engine import Status
from app.core.indexing.progress import IndexProgress
from app.core.store.store import StoreStats
from app.gui.folders_panel import folder_rows
from app.gui.index_panel import progress_text, status_text
from app.gui.indexing import IndexJob, JobKind, JobProgress

FOLDER = Path("/code/shop")


def test_the_phases_as_the_window_shows_them() -> None:
    reading = JobProgress(FOLDER, files_done=6, files_total=24, files_per_second=3.0, eta=6.0)
    assert progress_text(reading) == "6 / 24 files · about 6s left"
    embedding = JobProgress(FOLDER, files_done=24, files_total=24, snippets=8, embed_total=32,
                            snippets_per_second=4.0, eta=6.0)
    assert embedding.fraction == 0.25
    assert progress_text(embedding) == ("24 files searchable by keyword · embedding 8 / 32 "
                                        "snippets · 4.0 snippets/s · about 6s left")
    job = IndexJob(JobKind.INDEX, FOLDER)
    row = folder_rows([], [str(FOLDER)], job, [], embedding, False, {})[0]
    assert "Embedding 8/32 snippets" in row.detail


def test_coverage_is_said_until_every_snippet_is_embedded() -> None:
    def status(embedded: int) -> Status:
        stats = StoreStats([], files=24, chunks=32, skipped=0, model=None, languages={},
                           embedded=embedded)
        return Status(Path("index.db"), stats, None, None, None, [], None)

    assert "covers 8 of 32 snippets" in status_text(status(8))
    assert "covers" not in status_text(status(32))


def test_the_terminal_bar_in_each_phase() -> None:
    stream = io.StringIO()
    bar = ProgressBar(stream)
    tracker = IndexProgress(root=str(FOLDER), files_total=24, files_done=24,
                            current_path="cart.py")
    bar.update(tracker)
    assert "24/24 files" in stream.getvalue() and "cart.py" in stream.getvalue()
    tracker.start_embedding(32)
    tracker.snippets_embedded = 8
    assert tracker.fraction == 0.25 and tracker.embedding
    bar.update(tracker)
    assert "embedding 8/32 snippets (searchable by keyword meanwhile)" in stream.getvalue()
    tracker.workers, tracker.snippets_embedded = 2, 32  # `kenning index --ray`, at its end
    bar.update(tracker)
    assert "embedding 32/32 snippets on 2 Ray workers (searchable" in stream.getvalue()
