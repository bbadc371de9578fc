"""What a query looks like: a name to jump to, or words describing behaviour.

`Router`, `parse_duration`, `Context.JSON`, `Value::as_str`, `stbi_load()` are
identifiers: the user wants the definition, and exact words matter more than
meaning. "retry a request with backoff" is natural language: meaning matters
more. Both kinds can name a symbol loosely ("parse cookie" for `parseCookie`),
so every query short enough carries the keys of the symbol it may name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from app.core.terms import query_terms, symbol_key

# One code token: names joined by `.`, `::`, `#`, `->`, `/` or `\` (PHP's namespaces:
# `Slim\Http\Uri`, `\Monolog\Logger`); `@` (a decorator) or `\` before, `()` (a call)
# or `!` (a Rust macro) after.
_IDENTIFIER = re.compile(
    r"[@\\]?[A-Za-z_$][\w$]*(?:(?:\.|::|#|->|/|\\)[A-Za-z_$][\w$]*)*(?:\(\)|!)?")
_QUALIFIER_SPLIT = re.compile(r"\.|::|#|->|/|\\")
_CAMEL = re.compile(r"[a-z0-9][A-Z]|[A-Z]{2}[a-z]")
_QUOTES = "`'\""
# A phrase of up to this many words may be a symbol typed loosely ("parse cookie").
MAX_LOOSE_SYMBOL_WORDS = 4
_TEST_WORDS = frozenset({"test", "tests", "testing", "spec", "specs", "fixture", "fixtures",
                         "mock", "mocks"})
_EXAMPLE_WORDS = frozenset({"example", "examples", "demo", "sample", "samples"})
_QUESTION_WORDS = frozenset({"how", "where", "what", "which", "why", "when"})
# A language named in a sentence ("golang retry with backoff") -> its grammar names. Words
# that are also ordinary words of code talk are left out: go, node, shell, c, r; so are
# data formats (json, sql, html), which name a topic more often than the code's language.
_LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("python", "python3"), frozenset({"python"})),
    **dict.fromkeys(("javascript", "js", "nodejs"), frozenset({"javascript"})),
    "typescript": frozenset({"typescript", "tsx"}),
    "golang": frozenset({"go"}),
    **dict.fromkeys(("c++", "cpp"), frozenset({"cpp"})),
    **dict.fromkeys(("c#", "csharp"), frozenset({"csharp"})),
    **{name: frozenset({name}) for name in (
        "rust", "ruby", "php", "java", "kotlin", "swift", "scala", "lua", "bash", "haskell",
        "elixir", "erlang", "clojure", "ocaml")},
}
_LANGUAGE_WORD = re.compile(r"[a-z][a-z0-9]*(?:\+\+|#)?")
# Words around a name that ask for its definition: "where is Router defined", "class Router",
# "parse_duration function", "find HTTPException". Without them the query is the name.
_LOOKUP_WORDS = frozenset({"find", "show", "open", "where", "where's", "is", "go", "goto", "jump",
                           "to", "the", "a", "an", "of", "for", "how", "does", "do", "work",
                           "works"})
_DEFINITION_WORDS = frozenset({"defined", "definition", "declared", "declaration",
                               "implemented", "implementation"})
_KIND_WORDS = frozenset({"class", "struct", "function", "func", "fn", "def", "method",
                         "interface", "trait", "enum", "type", "macro", "module"})
# "Router in rust", "golang Router": the language is a filter, the name is what is looked up.
_NOT_IN_A_NAME = _LOOKUP_WORDS | _DEFINITION_WORDS | {"in", *_LANGUAGE_WORDS}
# A kind word is set aside only around one name: in a sentence it may be meant ("create function").
_AROUND_A_NAME = _NOT_IN_A_NAME | _KIND_WORDS


class QueryKind(StrEnum):
    IDENTIFIER = "identifier"
    NATURAL = "natural"


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """A query, read once for every ranking signal."""

    text: str
    kind: QueryKind
    words: tuple[str, ...]        # search words: lower case, identifiers split, no stop words
    symbol_key: str | None        # symbol_key() of the name the query may be, if any
    qualifier: tuple[str, ...]    # symbol_key() of each qualifying part: Context.JSON -> context
    exact_name: str | None        # the name as typed, when the query is an identifier; for
    #                               a few lower-case words, their snake_case form
    strong: bool                  # CamelCase, snake_case or qualified: surely a name
    mentions_tests: bool
    mentions_examples: bool
    question: bool = False        # a sentence asked as a question: "how are routes registered"
    languages: frozenset[str] = frozenset()  # grammar names of languages the query names


def analyse(query: str) -> QueryInfo:
    """Read `query` for the ranking stage."""
    text = query.strip().strip(_QUOTES).strip()
    named = _languages_named(text)
    text = _name_looked_up(text) or text
    words = tuple(query_terms(text))
    lowered = {w.lower() for w in re.findall(r"\w+", text)}
    tests = bool(lowered & _TEST_WORDS)
    examples = bool(lowered & _EXAMPLE_WORDS)
    if _IDENTIFIER.fullmatch(text):
        parts = _name_parts(text)
        return QueryInfo(text, QueryKind.IDENTIFIER, words, symbol_key(parts[-1]),
                         tuple(symbol_key(p) for p in parts[:-1]), parts[-1], _strong(text),
                         tests, examples, languages=named)
    raw_words = text.split()
    key = snake = None
    if 1 < len(raw_words) <= MAX_LOOSE_SYMBOL_WORDS and all(
            re.fullmatch(r"[\w$]+", w) for w in raw_words):
        name_words = [w for w in raw_words if w.lower() not in _NOT_IN_A_NAME] or raw_words
        key = symbol_key("".join(name_words))
        # "copy bidirectional" is typed as `copy_bidirectional` is written: that function
        # is the name as typed, its future `CopyBidirectional` a loose match.
        if all(w.islower() for w in name_words):
            snake = "_".join(name_words)
    question = bool(raw_words) and raw_words[0].lower().strip("?,.!:;") in _QUESTION_WORDS
    return QueryInfo(text, QueryKind.NATURAL, words, key, (), snake, False, tests, examples,
                     question, named)


def _languages_named(text: str) -> frozenset[str]:
    """The grammar names of the languages a query of several words names ("rust" alone is
    a word to look up, not a filter)."""
    if len(text.split()) < 2:
        return frozenset()
    return frozenset().union(*(_LANGUAGE_WORDS.get(w, frozenset())
                               for w in _LANGUAGE_WORD.findall(text.lower())))


def _bare(identifier: str) -> str:
    """The name without call parentheses, a Rust macro's `!`, a decorator's `@` or the
    leading backslash of a fully qualified PHP name."""
    return identifier.removesuffix("()").removesuffix("!").removeprefix("@").removeprefix("\\")


def _name_parts(identifier: str) -> list[str]:
    """`Context.JSON` -> [Context, JSON]."""
    return [p for p in _QUALIFIER_SPLIT.split(_bare(identifier)) if p]


def _strong(identifier: str) -> bool:
    """CamelCase, snake_case, qualified, called or decorated: surely a name, not a word."""
    name = _bare(identifier)
    return (len(_name_parts(identifier)) > 1 or "_" in name.strip("_")
            or bool(_CAMEL.search(name)) or name != identifier)


def _name_looked_up(text: str) -> str | None:
    """The name in "where is Router defined", "class Router", "parse_duration function",
    or None. A plain lower-case word is taken only with a word such as "defined"
    ("find files" is a sentence; "where is render defined" asks for `render`)."""
    words = [w.rstrip("?,.:;") for w in text.split()]
    rest = [w for w in words if w.lower() not in _AROUND_A_NAME]
    if len(words) < 2 or len(rest) != 1 or not _IDENTIFIER.fullmatch(rest[0]):
        return None
    name = rest[0]
    if _strong(name) or not name.islower() or any(w.lower() in _DEFINITION_WORDS
                                                    for w in words):
        return name
    return None
