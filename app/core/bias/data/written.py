"""Queries written by hand for harvested training functions: the matrix's `written` source.

A harvested pair's query is its doc comment's first sentence, rewritten. People do
not search like that: they describe what the code does in their own words ("readable
file size string" for `humanize_bytes`), half the time with no word of its name, often
as a question. `written_queries.jsonl` holds one such query for some of the training
split's functions (written on 6 Dec 2026 by reading each function, its doc comment
shown but not to be copied; docs/QUALITY.md, "The bias matrix"). Each line names its
function as the harvest does (package, path, symbol, first line), so a rebuilt data
set finds the same functions; a function the harvest no longer yields is skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

WRITTEN_QUERIES = Path(__file__).with_name("written_queries.jsonl")

Key = tuple[str, str, str, int]


def _key(record: dict) -> Key:
    return (record["repo"], record["path"], str(record.get("symbol")),
            int(record.get("start_line", 0)))


def load_written(path: Path = WRITTEN_QUERIES) -> dict[Key, str]:
    """Function key → the query written for it."""
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return {_key(row): row["query"] for row in rows}


def written_pairs(records: list[dict], written: dict[Key, str]) -> list[dict]:
    """A pair for each harvested record a query was written for: the same code, that query."""
    return [{**record, "query": written[_key(record)]} for record in records
            if _key(record) in written]
