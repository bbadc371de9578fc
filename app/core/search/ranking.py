"""The ranking stage: from retrieved snippets to the results a user sees.

Retrieval gives candidates with two scores, the cosine of the query and
snippet vectors (meaning) and BM25 (words). This stage, pure functions over
those candidates, decides the order:

1. **Fusion**: a convex combination of the two scores, each min-max
   normalised over the candidates, weighted by the query's kind (an
   identifier leans on words, a sentence on meaning).
2. **Symbol definitions first**: a snippet that defines the name the query
   is (as typed, or case/underscore-insensitively; `Context.JSON` also by
   its qualifier) is lifted over the places that only use the name.
3. **Path words**: query words in the file or folder names.
4. **Roles**: tests, examples, docs, benchmarks, vendored, legacy and
   generated code, re-export files and type stubs are lowered (not when the
   query asks for tests or examples); so is code outside any function when
   the query is a sentence: top-level blocks (imports, module statements,
   comment banners) and the parts of a type outside its methods; and files in
   other languages than one the query names ("golang retry with backoff").
   A question ("how are routes registered") favours longer functions: it asks
   how something works, which the substantial function answers, not a
   wrapper.
4b. **The learned order** (learned_order.py): for a sentence that names no
   definition found, a small forest of boosted trees trained on the dev split
   re-scores the first candidates of the hand-set order from the same signals,
   half its score and half the hand-set one.
5. **Definitions, not fragments**: pieces of one definition collapse into one
   result, reported at its best piece.
6. **File coherence**: a file with several good results lifts its best one.
7. **Diversity**: at most `file_cap` results of one file on a page; its others
   come after every other file's, so one file cannot fill the list.

Every weight was chosen on the dev split of Kenning's evaluation set and each
signal's measured effect is in docs/QUALITY.md.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import MappingProxyType

from app.core.chunking.specs import EXTENDING_KINDS
from app.core.search.learned_order import Forest, learned_scores, shipped_forest
from app.core.search.priors import Role, file_roles
from app.core.search.query_kind import QueryInfo, QueryKind
from app.core.terms import split_identifier, symbol_key

_PATH_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(slots=True)
class Candidate:
    """One retrieved snippet and what the ranking stage knows of it."""

    chunk_id: int
    file_id: int
    rel_path: str
    symbol: str | None
    start_line: int
    end_line: int
    kind: str = "block"   # the chunker's kind of its definition (function, class, impl, ...)
    dense: float = 0.0    # cosine similarity to the query (its floor when not computed)
    lexical: float = 0.0  # BM25, >= 0 (0: no query word)
    def_start: int | None = None  # the span of the definition it is a piece of
    def_end: int | None = None
    names: tuple[str, ...] = ()   # qualified names of the definitions that begin in it
    language: str | None = None   # the chunker's language of its file


ROLE_FACTORS: Mapping[Role, float] = MappingProxyType({
    Role.TEST: 0.5,
    Role.EXAMPLE: 0.8,
    Role.DOCS: 0.5,
    Role.BENCHMARK: 0.8,
    Role.VENDORED: 0.8,
    Role.LEGACY: 0.85,
    Role.GENERATED: 0.8,
    Role.REEXPORT: 0.85,
    Role.STUB: 0.7,
})


# Definitions that name a thing whose code is elsewhere: a method declared without a
# body, C's `typedef struct X Y;` (and EXTENDING_KINDS, a block adding to a type: Rust
# `impl Display for Value`, Swift `extension`, weighed apart).
SECONDARY_KINDS = frozenset({"declaration"})

FUNCTION_KINDS = frozenset({"function", "method"})

# Definitions that hold methods: a snippet of one that is not the whole of it is the
# part outside its methods (the chunker gives each method its own snippets). Not structs
# and enums: in Rust, Go and C their methods live elsewhere, and a piece is their data.
TYPE_KINDS = frozenset({"class", "interface", "trait", "impl", "module", "namespace"})


@dataclass(frozen=True, slots=True)
class Weights:
    """The ranking stage's parameters (see docs/QUALITY.md for how each was chosen)."""

    dense_natural: float = 0.8      # share of meaning for a natural-language query
    dense_identifier: float = 0.5   # ... for an identifier
    matrix_share: float = 0.7       # with the bias matrix: the mapped cosine's share of
                                    # meaning, the raw cosine's the rest (searcher.py)
    symbol_exact: float = 0.6       # the query is the name of the definition, as typed
    symbol_loose: float = 0.45      # ... ignoring case and separators
    symbol_private: float = 0.1     # less when only the name's leading `_` differs from the query
    symbol_retyped: float = 0.2     # less for a loose match when a candidate's name is as typed
    symbol_qualified: float = 0.15  # ... and its qualifier (`Context` of `Context.JSON`) matches
    symbol_direct: float = 0.1      # ... more when the qualifier is the name's own parent
    secondary: float = 0.5          # times the above for SECONDARY_KINDS
    extending: float = 0.3          # ... for EXTENDING_KINDS (a Rust `impl` head)
    path: float = 0.3               # all query words in the file or folder names
    roles: Mapping[Role, float] = field(default_factory=lambda: ROLE_FACTORS)
    outside_functions: float = 0.65  # times this: code outside any function, for a sentence
    other_language: float = 0.7     # times this: a file in none of the languages the query names
    question_length: float = 0.04    # a question: a function's score × its lines ** this,
    question_lines_cap: int = 100    # ... its lines counted up to this (a 16,000-line wrapper)
    coherence: float = 0.05         # times the mean of a file's next two results
    file_cap: int | None = 5        # at most this many results of one file while other
                                    # files have some (None: no cap)
    learned_order: bool = True      # a sentence's top candidates re-scored by the shipped
                                    # forest (learned_order.py); False: hand-set alone


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Signals:
    """What the ranking stage reads of each candidate besides its two scores (apart from
    the formula that weighs them: the learned order reads them too)."""

    boost: list[float]          # symbol_boost
    named: list[bool]           # defines the name the query may be
    path: list[float]           # path_match
    role: list[float]           # role_factor
    other_language: list[bool]  # in none of the languages the query names
    outside: list[bool]         # is_outside_functions
    lines: list[int]            # definition_lines

    @classmethod
    def of(cls, query: QueryInfo, candidates: Sequence[Candidate], weights: Weights
           ) -> Signals:
        words = {_stem(w) for w in query.words}
        if query.symbol_key is None:
            boost = [0.0] * len(candidates)
        else:
            if query.qualifier and not any(qualifies(query, c) for c in candidates):
                # `anyhow::Error`: no definition is inside an `anyhow` (the crate's
                # name), so the qualifier tells none of them apart.
                query = replace(query, qualifier=())
            typed = any(names_as_typed(query, c) for c in candidates)
            boost = [symbol_boost(query, c, weights, typed) for c in candidates]
        return cls(boost, [b > 0 for b in boost],
                   [path_match(words, c.rel_path) if words else 0.0 for c in candidates],
                   [role_factor(query, c, weights.roles) for c in candidates],
                   [bool(query.languages) and c.language not in query.languages
                    for c in candidates],
                   [is_outside_functions(c) for c in candidates],
                   [definition_lines(c) for c in candidates])


@dataclass(frozen=True, slots=True)
class Ranked:
    """A result: a definition's reported piece (its best; its first when found for its
    name) or a lone snippet, with its score."""

    chunk_id: int
    score: float
    pieces: tuple[int, ...]  # chunk ids of every candidate piece of it, the reported first


def rank(query: QueryInfo, candidates: Sequence[Candidate], limit: int,
         weights: Weights = WEIGHTS, forest: Forest | None = None) -> list[Ranked]:
    """The best `limit` results, best first. `forest`: the learned order's (default:
    the shipped one, when `weights.learned_order`)."""
    if not candidates or limit <= 0:
        return []
    signals = Signals.of(query, candidates, weights)
    scores = hand_scores(query, candidates, signals, weights)
    if forest is None and weights.learned_order:
        forest = shipped_forest()
    # Names keep the hand-set order (their definition first is the symbol boost's work),
    # and so do sentences whose words name a definition found ("mark flag required").
    if forest is not None and query.kind is QueryKind.NATURAL and not any(signals.named):
        scores = learned_scores(query, candidates, signals, scores, forest)
    groups = collapse(candidates, scores)
    report_heads(groups, candidates, signals.named)
    cohere(groups, candidates, weights.coherence)
    return diversify(groups, candidates, limit, weights.file_cap)


def hand_scores(query: QueryInfo, candidates: Sequence[Candidate], signals: Signals,
                weights: Weights = WEIGHTS) -> list[float]:
    """Each candidate's score by the hand-set weights: fusion, plus the symbol boost and
    path words, times the roles' and the other factors."""
    scores = fuse(candidates, weights.dense_identifier if query.kind is QueryKind.IDENTIFIER
                  else weights.dense_natural)
    for i, c in enumerate(candidates):
        scores[i] += signals.boost[i]  # two sums, not one: the floats of before the split
        scores[i] += weights.path * signals.path[i]
        scores[i] *= signals.role[i]
        if signals.other_language[i]:
            scores[i] *= weights.other_language
        if query.kind is QueryKind.NATURAL and signals.outside[i] and not signals.named[i]:
            # Not a definition the words name ("webob input wrapper": its class's head).
            scores[i] *= weights.outside_functions
        if query.question and c.kind in FUNCTION_KINDS:
            scores[i] *= min(signals.lines[i], weights.question_lines_cap
                             ) ** weights.question_length
    return scores


def order_by(candidates: Sequence[Candidate], scores: Sequence[float], limit: int
             ) -> list[Ranked]:
    """The candidates by `scores` alone, pieces of one definition collapsed (no other signal)."""
    return diversify(collapse(candidates, scores), candidates, limit, None)


def fuse(candidates: Sequence[Candidate], dense_weight: float) -> list[float]:
    """dense_weight · normalised cosine + (1 − dense_weight) · normalised BM25."""
    dense = [c.dense for c in candidates]
    low, high = min(dense), max(dense)
    spread = high - low
    top_lexical = max(c.lexical for c in candidates)
    out = []
    for c in candidates:
        d = (c.dense - low) / spread if spread > 0 else 1.0
        w = c.lexical / top_lexical if top_lexical > 0 else 0.0
        out.append(dense_weight * d + (1.0 - dense_weight) * w)
    return out


def symbol_boost(query: QueryInfo, candidate: Candidate, weights: Weights,
                 typed: bool = False) -> float:
    """How much `candidate` gains for defining the symbol the query names. `typed`:
    some candidate defines it as typed (names_as_typed), so a loose match is another
    name (`put_back` beside `PutBack`)."""
    if query.symbol_key is None:
        return 0.0
    best = 0.0
    for name in _names(candidate):
        parts, key = _name_parts(name)
        if key != query.symbol_key:
            continue
        last = parts[-1]
        if last == query.exact_name:
            boost = weights.symbol_exact
        else:
            boost = max(0.0, weights.symbol_loose - (weights.symbol_retyped if typed else 0.0))
        if last.startswith("_") and not query.text.lstrip().startswith("_"):
            # "make filtering bound logger" names `make_filtering_bound_logger`, not its
            # private helper `_make_filtering_bound_logger`, though both match loosely.
            boost = max(0.0, boost - weights.symbol_private)
        if candidate.kind in EXTENDING_KINDS:
            # Only adds to it (a two-line `impl X {` head reads closer to the bare name
            # than the documented struct): the definition's own snippet comes first.
            boost *= weights.extending
        elif candidate.kind in SECONDARY_KINDS or _nested(name, candidate):
            # Only declares it; or holds it inside a larger definition (a small
            # class's method): the definition's own snippet, if any, comes first.
            boost *= weights.secondary
        if query.qualifier:
            parents = _parent_keys(parts)
            if _in_order(query.qualifier, parents):
                boost += weights.symbol_qualified
                if _own_parent(query.qualifier, parents):
                    boost += weights.symbol_direct
            else:
                boost /= 2  # `Render.JSON` asked, `Context.JSON` found
        best = max(best, boost)
    return best


def qualifies(query: QueryInfo, candidate: Candidate) -> bool:
    """Whether the candidate defines the name the query names inside its qualifier."""
    return any(key == query.symbol_key and _qualified_by(query.qualifier, parts)
               for parts, key in map(_name_parts, _names(candidate)))


def _qualified_by(qualifier: Sequence[str], parts: Sequence[str]) -> bool:
    return _in_order(qualifier, _parent_keys(parts))


def _parent_keys(parts: Sequence[str]) -> list[str]:
    """symbol_key() of each part of a name above the name itself."""
    return [symbol_key(p) for p in parts[:-1]]


# Segments a name holds between a type and its method: `Foo.prototype.bar`, Ruby's
# `class << self` (`Base.self.new`).
_BETWEEN = frozenset({"prototype", "self"})


def _own_parent(qualifier: Sequence[str], parents: Sequence[str]) -> bool:
    """Whether the qualifier ends at the name's own parent (`Sinatra.new` in
    `Sinatra.new`, not in `Sinatra.Base.new`); `parents` as _parent_keys gives them."""
    own = [p for p in parents if p not in _BETWEEN]
    return own[-len(qualifier):] == list(qualifier)


def names_as_typed(query: QueryInfo, candidate: Candidate) -> bool:
    """Whether the candidate defines the name the query names, letter for letter."""
    return query.exact_name is not None and any(
        name.rsplit(".", 1)[-1] == query.exact_name for name in _names(candidate))


def _names(candidate: Candidate) -> tuple[str, ...]:
    return candidate.names or ((candidate.symbol,) if candidate.symbol else ())


def path_match(query_words: set[str], rel_path: str) -> float:
    """The share of the query's words found among the file's and folders' name words."""
    return len(query_words & _path_words(rel_path)) / len(query_words)


@lru_cache(maxsize=65_536)
def _path_words(rel_path: str) -> frozenset[str]:
    return frozenset(_stem(w) for part in _PATH_WORD.findall(rel_path.rsplit(".", 1)[0])
                     for w in split_identifier(part))


def role_factor(query: QueryInfo, candidate: Candidate, factors: Mapping[Role, float]
                ) -> float:
    """The product of the factors of the candidate's file roles. A re-export file
    (`__init__.py`, `index.ts`, `mod.rs`) is lowered only outside its definitions:
    its imports and exports repeat names, its functions are real code."""
    factor = 1.0
    for role in file_roles(candidate.rel_path):
        if (role is Role.TEST and query.mentions_tests) or (
                role is Role.EXAMPLE and query.mentions_examples) or (
                role is Role.REEXPORT and candidate.symbol is not None):
            continue
        factor *= factors.get(role, 1.0)
    return factor


def is_outside_functions(candidate: Candidate) -> bool:
    """Whether a snippet is code outside any function: a top-level block (imports,
    module statements, a comment banner) or a piece of a type that is not one of its
    methods (its header, fields, class-level statements). A sentence asks what code
    does; such a snippet often shares its words (a long comment reads like the answer)
    while the function is the answer. A block that packs small definitions defines
    them (it has names). Only sentences are concerned: a name may well be a
    module-level constant, a macro or a type. In C and C++ a declaration (`typedef
    struct X Y;`, whose fields are X's, elsewhere) is such code too; measured so for
    C only: other languages' declarations (interface methods) stay as they are."""
    if candidate.kind == "block":
        return candidate.symbol is None and not candidate.names
    if candidate.kind == "declaration" and candidate.language in ("c", "cpp"):
        return True
    return candidate.kind in TYPE_KINDS and candidate.def_start is not None and (
        candidate.def_start < candidate.start_line
        or (candidate.def_end or 0) > candidate.end_line)


def definition_lines(candidate: Candidate) -> int:
    """The length of the definition the candidate is (a piece of), in lines."""
    if candidate.def_start is not None and candidate.def_end is not None:
        return max(1, candidate.def_end - candidate.def_start + 1)
    return max(1, candidate.end_line - candidate.start_line + 1)


@dataclass(slots=True)
class _Group:
    """The candidates that are pieces of one definition (or one lone candidate)."""

    best: int           # index into the candidates
    score: float
    members: list[int]


def collapse(candidates: Sequence[Candidate], scores: Sequence[float]) -> list[_Group]:
    """One group per definition: its score and reported piece are its best piece's."""
    groups: dict[tuple[int, int, int], _Group] = {}
    for i, c in enumerate(candidates):
        key = ((c.file_id, c.def_start, c.def_end) if c.def_start is not None
               and c.def_end is not None else (-1, c.chunk_id, 0))
        group = groups.get(key)
        if group is None:
            groups[key] = _Group(i, scores[i], [i])
            continue
        group.members.append(i)
        if scores[i] > group.score:
            group.best, group.score = i, scores[i]
    for group in groups.values():
        if len(group.members) > 1:
            group.members.sort(key=lambda i: -scores[i])
    return list(groups.values())


def report_heads(groups: list[_Group], candidates: Sequence[Candidate],
                 named: Sequence[bool]) -> None:
    """A definition found for its name is reported at its signature, not at the piece
    that scored best: "make_pass_decorator" opens on `def make_pass_decorator(`, not
    inside its docstring. The signature is the first piece that holds the definition's
    name (a long doc comment above `pub struct RawValue` is pieces of its own, which
    name no definition); else the first piece among the candidates. A definition found
    for its meaning whose best piece is such a doc comment is reported at its signature
    too, when that piece is among the candidates. The score stays the best piece's."""
    for group in groups:
        if len(group.members) < 2:
            continue
        if named[group.best]:
            head = min((i for i in group.members if named[i]),
                       key=lambda i: (not candidates[i].names, candidates[i].start_line))
        else:
            head = _signature_below(group, candidates)
            if head is None:
                continue
        group.best = head
        group.members.remove(head)
        group.members.insert(0, head)


def _signature_below(group: _Group, candidates: Sequence[Candidate]) -> int | None:
    """The member holding the definition's signature when the best piece is doc comment
    above it (it names no definition and ends before the signature starts), else None."""
    best = candidates[group.best]
    if best.names:
        return None
    below = [i for i in group.members
             if candidates[i].names and candidates[i].start_line > best.end_line]
    return min(below, key=lambda i: candidates[i].start_line) if below else None


def cohere(groups: list[_Group], candidates: Sequence[Candidate], weight: float) -> None:
    """Lift each file's best result by `weight` × the mean score of its next two."""
    if weight <= 0:
        return
    by_file: dict[int, list[_Group]] = {}
    for group in groups:
        by_file.setdefault(candidates[group.best].file_id, []).append(group)
    for members in by_file.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda g: -g.score)
        support = [g.score for g in members[1:3]]
        members[0].score += weight * sum(support) / 2


def diversify(groups: list[_Group], candidates: Sequence[Candidate], limit: int,
              cap: int | None) -> list[Ranked]:
    """Best first, at most `cap` results of a file (None: any number); a file's
    further results come after every other file's, scored as the last result before
    them (so scores still fall down the list), in their own order."""
    listed: dict[int, int] = {}
    head: list[_Group] = []
    tail: list[_Group] = []
    for group in sorted(groups, key=lambda g: -g.score):  # stable: ties keep their order
        file_id = candidates[group.best].file_id
        count = listed[file_id] = listed.get(file_id, 0) + 1
        (head if cap is None or count <= cap else tail).append(group)
        if len(head) >= limit:
            break
    out = [_ranked(group, group.score, candidates) for group in head[:limit]]
    floor = out[-1].score if out else 0.0
    out += [_ranked(group, min(group.score, floor), candidates)
            for group in tail[:max(0, limit - len(out))]]
    return out


def _ranked(group: _Group, score: float, candidates: Sequence[Candidate]) -> Ranked:
    return Ranked(candidates[group.best].chunk_id, score,
                  tuple(candidates[i].chunk_id for i in group.members))


def _nested(name: str, candidate: Candidate) -> bool:
    """Whether `name` is a definition inside the one the snippet is named for (a method
    of the small class it holds whole), not one packed alone in a piece of glue."""
    symbol = candidate.symbol
    return symbol is not None and symbol in candidate.names and name.startswith(symbol + ".")


@lru_cache(maxsize=65_536)
def _name_parts(name: str) -> tuple[tuple[str, ...], str]:
    """A qualified name's parts, and the key of its last part."""
    parts = tuple(name.split("."))
    return parts, symbol_key(parts[-1])


def _in_order(wanted: Sequence[str], parts: Sequence[str]) -> bool:
    """Whether `wanted` are among `parts` in that order (`Reply.send` matches
    `Reply.prototype.send`)."""
    remaining = iter(parts)
    return all(any(part == key for part in remaining) for key in wanted)


def _stem(word: str) -> str:
    """Plural and singular alike (`routes` = `route`); enough for path words."""
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
