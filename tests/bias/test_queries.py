"""Doc comments become search-box queries."""

from __future__ import annotations

import random

import pytest

from app.core.bias.data.queries import first_sentence, search_style, summary_query


@pytest.mark.parametrize(("doc", "name", "expected"), [
    ("Returns the :class:`Foo` for ``name``.\n\nMore text.", "", "return the foo for name"),
    ("Parses a config file and returns a dict.", "", "parse a config file and returns a dict"),
    ("ParseConfig reads the file at path and decodes it.", "ParseConfig",
     "read the file at path and decodes it"),
    ("This function computes the checksum of a buffer", "", "compute the checksum of a buffer"),
    ("Copies [`Vec`] items into the target slice.", "", "copy vec items into the target slice"),
    ("Is the error actually a timeout?", "", "check if the error actually a timeout"),
    ("Check the user's password hash", "", "check the user's password hash"),
])
def test_summary_query(doc: str, name: str, expected: str | None) -> None:
    assert summary_query(doc, name) == expected


@pytest.mark.parametrize("doc", [
    "TODO: remove this", "A value is considered missing if:", "Following the example in",
    "cos(x) = 1 - x^2/2", "Deprecated. Use bar() instead.", "Getter", "foo_bar baz_qux",
])
def test_bad_summaries_are_rejected(doc: str) -> None:
    assert summary_query(doc) is None


def test_first_sentence_stops_at_tags_and_sentence_end() -> None:
    doc = "Encode a value as base64. Padding is added.\n@param value the bytes"
    assert first_sentence(doc) == "Encode a value as base64"
    assert first_sentence("Fetch rows\n\n:param n: how many") == "Fetch rows"


def test_search_styles_are_deterministic_and_varied() -> None:
    query = "return the given number formatted for a specific locale"
    styles = {search_style(query, random.Random(seed)) for seed in range(40)}
    assert query in styles
    assert any(s.startswith("how to ") for s in styles)
    assert any(len(s.split()) <= 7 and "the" not in s.split() for s in styles)
    assert search_style(query, random.Random(3)) == search_style(query, random.Random(3))
