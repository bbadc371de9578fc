"""Fixtures for the chunking tests (helpers live in `chunk_helpers`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from chunk_helpers import CountTokens, check_snippets, count_words, make_real_counter

from app.core.chunking.snippet import Snippet


@pytest.fixture(scope="session")
def real_count() -> CountTokens:
    return make_real_counter()


@pytest.fixture(scope="session")
def word_count() -> CountTokens:
    return count_words


@pytest.fixture(scope="session")
def check() -> Callable[[list[Snippet], str, CountTokens, int], list[int]]:
    return check_snippets
