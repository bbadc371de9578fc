"""Words for the lexical (BM25) side: identifiers split the way people type them.

`parseConfigFile` and `parse_config_file` both become `parse config file`, so a
query in plain words meets code in any naming style. Used when indexing and
when querying, so both sides agree.
"""

from __future__ import annotations

import re

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_WORD = re.compile(r"\w+")

STOPWORDS = frozenset(
    "a an and are as at be by do does for from how i in is it of on or that the this "
    "to was we what when where which with you your".split()
)


def split_identifier(name: str) -> list[str]:
    """`HTTPServerError_v2` → ['http', 'server', 'error', 'v', '2']."""
    return [part.lower() for piece in name.split("_") for part in _CAMEL.findall(piece)]


def identifier_words(text: str) -> str:
    """The parts of every compound identifier in `text`, space separated.

    Plain words are left out: FTS5 already indexes them from the text itself.
    """
    out: list[str] = []
    for ident in set(_IDENT.findall(text)):
        parts = split_identifier(ident)
        if len(parts) > 1:
            out.extend(parts)
    return " ".join(out)


def path_words(rel_path: str) -> str:
    """`src/httpClient/retry_upload.py` → `src http client retry upload py`."""
    return " ".join(p for w in _WORD.findall(rel_path) for p in split_identifier(w))


def query_words(query: str) -> list[tuple[str, list[str]]]:
    """Each word of a query, lowercase, with its identifier parts (stop words kept):
    `parseConfig` → ('parseconfig', ['parse', 'config'])."""
    return [(word.lower(), split_identifier(word)) for word in _WORD.findall(query)]


def query_terms(query: str) -> list[str]:
    """Distinct lowercase search words of a query, stop words removed."""
    seen: dict[str, None] = {}
    for word, parts in query_words(query):
        for part in [word, *parts]:
            if part and part not in STOPWORDS:
                seen.setdefault(part, None)
    return list(seen)


def symbol_key(name: str) -> str:
    """A name compared loosely: `parse_cookie`, `parseCookie` and `parse cookie` are alike."""
    return "".join(ch for ch in name.lower() if ch.isalnum())
