"""The ranking stage (search/ranking.py, query_kind.py, priors.py): each signal on its own.

Pure functions over candidates: every test builds the candidates a retrieval
would return and checks the order a user would expect, with the shipped
hand-set weights (a test that needs a signal off says so).
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.core.chunking.languages import detect_language
from app.core.search import ranking
from app.core.search.priors import Role, file_roles
from app.core.search.query_kind import QueryKind, analyse
from app.core.search.ranking import (
    Candidate,
    Ranked,
    collapse,
    fuse,
    names_as_typed,
    order_by,
    path_match,
    qualifies,
    symbol_boost,
)

# Each hand-set signal on its own: the learned order (a forest over these signals, for
# sentences) is off here and tested in test_learned_order.py.
WEIGHTS = replace(ranking.WEIGHTS, learned_order=False)


def rank(query, candidates: list[Candidate], limit: int, weights=WEIGHTS) -> list[Ranked]:
    return ranking.rank(query, candidates, limit, weights)

_ids = iter(range(1, 1_000_000))


def cand(path: str = "src/app.py", *, dense: float = 0.3, lexical: float = 0.0,
         symbol: str | None = None, lines: tuple[int, int] = (1, 10), file_id: int | None = None,
         definition: tuple[int, int] | None = None, names: tuple[str, ...] = (),
         kind: str = "function") -> Candidate:
    return Candidate(next(_ids), file_id if file_id is not None else hash(path) % 10_000, path,
                     symbol, lines[0], lines[1], kind, dense, lexical,
                     definition[0] if definition else None, definition[1] if definition else None,
                     names, detect_language(path))


def order(query: str, candidates: list[Candidate], limit: int = 10, weights=WEIGHTS) -> list[int]:
    """The ranked ids of `candidates`, ranked among weak ones as a real pool has them
    (scores are normalised over the pool: its weakest candidate sets the scale)."""
    weak = [cand(f"other/weak_{i}.py", dense=0.1) for i in range(20)]
    wanted = {c.chunk_id for c in candidates}
    ranked = rank(analyse(query), [*candidates, *weak], limit + len(weak), weights)
    return [r.chunk_id for r in ranked if r.chunk_id in wanted][:limit]


# -- query kinds ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["HTTPException", "parse_duration", "Context.JSON",
                                   "Value::as_str", "stbi_load()", "`Router`", "router",
                                   "Foo#bar", "$scope", "json!", "@app.route",
                                   "Slim\\Http\\Uri", "\\Monolog\\Logger"])
def test_identifiers(query: str) -> None:
    assert analyse(query).kind is QueryKind.IDENTIFIER


@pytest.mark.parametrize("query", ["retry a request with backoff", "how are routes registered",
                                   "parse cookie", "where is the config loaded?"])
def test_natural_language(query: str) -> None:
    assert analyse(query).kind is QueryKind.NATURAL


def test_symbol_keys_ignore_case_separators_and_qualifiers() -> None:
    assert analyse("parse_cookie").symbol_key == analyse("parseCookie").symbol_key
    assert analyse("parse cookie").symbol_key == "parsecookie"
    qualified = analyse("Context.JSON")
    assert (qualified.symbol_key, qualified.qualifier, qualified.exact_name) == (
        "json", ("context",), "JSON")
    assert analyse("Value::as_str").qualifier == ("value",)
    php = analyse("\\Slim\\Http\\Uri")  # a PHP namespace, fully qualified
    assert (php.symbol_key, php.qualifier, php.exact_name) == ("uri", ("slim", "http"), "Uri")
    assert analyse("how does the router match a path").symbol_key is None  # too long a phrase
    assert analyse("HTTPException").strong and not analyse("router").strong


def test_a_question_is_recognised() -> None:
    assert analyse("how are routes registered").question
    assert analyse("Where is the config loaded?").question
    assert not analyse("retry a request with backoff").question
    assert not analyse("how").question  # one word: a name


@pytest.mark.parametrize(("query", "name"), [
    ("where is Router defined", "Router"), ("class Router", "Router"),
    ("parse_duration function", "parse_duration"), ("find HTTPException?", "HTTPException"),
    ("definition of Value::as_str", "as_str"), ("where is render defined", "render"),
    ("how does Router work", "Router"), ("Router in rust", "Router"), ("golang Router", "Router"),
])
def test_words_around_a_name_ask_for_its_definition(query: str, name: str) -> None:
    info = analyse(query)
    assert info.kind is QueryKind.IDENTIFIER and info.exact_name == name


@pytest.mark.parametrize("query", ["find files", "async function", "type of error",
                                   "how does caching work",
                                   "where is the config loaded?", "how are routes registered"])
def test_a_sentence_with_such_words_stays_a_sentence(query: str) -> None:
    assert analyse(query).kind is QueryKind.NATURAL


def test_a_short_sentence_looks_up_the_name_without_those_words() -> None:
    assert analyse("find shouldbindjson").symbol_key == "shouldbindjson"
    assert analyse("parse cookie").symbol_key == "parsecookie"


def test_lower_case_words_are_the_snake_case_name_as_typed() -> None:
    assert analyse("copy bidirectional").exact_name == "copy_bidirectional"
    assert analyse("Copy bidirectional").exact_name is None
    future = cand("src/io/copy_bidirectional.rs", dense=0.5, lexical=2.0, kind="struct",
                  names=("CopyBidirectional",))
    function = cand("src/io/copy_bidirectional.rs", dense=0.45, lexical=2.0, lines=(80, 120),
                    names=("copy_bidirectional",))
    assert order("copy bidirectional", [future, function])[0] == function.chunk_id
    assert order("CopyBidirectional", [future, function])[0] == future.chunk_id


def test_a_sentence_names_its_language() -> None:
    assert analyse("golang retry with backoff").languages == {"go"}
    assert analyse("how does the TypeScript compiler emit").languages == {"typescript", "tsx"}
    assert analyse("a C++ template for a ring buffer").languages == {"cpp"}
    # Ordinary words of code talk and data formats are not a language of the code.
    for query in ("go to the definition", "the parent node of a tree", "run a shell command",
                  "parse json into a struct", "retry a request"):
        assert not analyse(query).languages, query
    assert not analyse("rust").languages  # one word: a name to look up


def test_a_query_about_tests_is_recognised() -> None:
    assert analyse("tests for the retry logic").mentions_tests
    assert not analyse("retry logic").mentions_tests


# -- fusion ---------------------------------------------------------------------------------


def test_fusion_is_a_convex_combination_of_normalised_scores() -> None:
    a, b, c = cand(dense=0.2, lexical=10.0), cand(dense=0.6, lexical=0.0), cand(dense=0.4,
                                                                                lexical=5.0)
    assert fuse([a, b, c], 1.0) == pytest.approx([0.0, 1.0, 0.5])
    assert fuse([a, b, c], 0.0) == pytest.approx([1.0, 0.0, 0.5])
    assert fuse([a, b, c], 0.5) == pytest.approx([0.5, 0.5, 0.5])


def test_a_sentence_leans_on_meaning_an_identifier_on_words() -> None:
    meaning = cand("a.py", dense=0.7, lexical=1.0)
    words = cand("b.py", dense=0.3, lexical=9.0)
    assert order("keep a request alive between retries", [meaning, words])[0] == meaning.chunk_id
    assert order("retryPolicy", [meaning, words])[0] == words.chunk_id


# -- symbol definitions ---------------------------------------------------------------------


def test_the_definition_beats_its_call_sites() -> None:
    callers = [cand(f"src/use_{i}.py", dense=0.5, lexical=8.0, symbol=f"handler_{i}")
               for i in range(5)]
    definition = cand("src/errors.py", dense=0.35, lexical=4.0, symbol="HTTPException",
                      names=("HTTPException",))
    assert order("HTTPException", [*callers, definition])[0] == definition.chunk_id
    assert order("where is HTTPException defined", [*callers, definition]
                 )[0] == definition.chunk_id


def test_loose_and_qualified_names() -> None:
    query = analyse("Context.JSON")
    exact = cand(names=("Context.JSON",))
    other_owner = cand(names=("Render.JSON",))
    loose = cand(names=("Context.json",))
    assert symbol_boost(query, exact, WEIGHTS) > symbol_boost(query, loose, WEIGHTS)
    assert symbol_boost(query, loose, WEIGHTS) > symbol_boost(query, other_owner, WEIGHTS) > 0
    assert symbol_boost(analyse("parse cookie"), cand(names=("parseCookie",)), WEIGHTS) > 0
    assert symbol_boost(analyse("parse cookie"), cand(names=("parse",)), WEIGHTS) == 0
    prototype = cand(names=("Reply.prototype.send",))  # JavaScript's methods
    assert symbol_boost(analyse("Reply.send"), prototype, WEIGHTS) == symbol_boost(
        analyse("Context.JSON"), exact, WEIGHTS)


def test_a_public_name_before_its_private_helper() -> None:
    helper = cand("src/structlog/_native.py", dense=0.70, lexical=2.0,
                  names=("_make_filtering_bound_logger",))
    public = cand("src/structlog/_native.py", dense=0.66, lexical=2.0, lines=(20, 30),
                  names=("make_filtering_bound_logger",))
    assert order("make filtering bound logger", [helper, public])[0] == public.chunk_id
    # The helper asked for by its own name, or alone, is still the definition.
    assert order("_make_filtering_bound_logger", [helper, public])[0] == helper.chunk_id
    caller = cand("src/structlog/other.py", dense=0.72, lexical=2.0, names=("configure",))
    assert order("make filtering bound logger", [helper, caller])[0] == helper.chunk_id
    assert symbol_boost(analyse("make filtering bound logger"), helper,
                        replace(WEIGHTS, symbol_loose=0.05)) == 0.0  # never below none


def test_a_name_as_typed_before_another_spelling_of_it() -> None:
    # itertools: `PutBack` asked; the methods `put_back` match it loosely and their
    # snippets hold the words more often than the struct's own.
    struct = cand("src/adaptors/mod.rs", dense=0.33, lexical=19.8, symbol="PutBack",
                  names=("PutBack",), kind="struct")
    methods = [cand("src/put_back_n_impl.rs", dense=0.47, lexical=13.5, kind="method",
                    symbol="PutBackN.put_back", names=("PutBackN.put_back",)),
               cand("src/adaptors/mod.rs", dense=0.47, lexical=20.7, lines=(208, 215),
                    symbol="PutBack.put_back", names=("PutBack.put_back",), kind="method")]
    assert order("PutBack", [*methods, struct])[0] == struct.chunk_id
    assert order("PutBack", [*methods, struct],
                 weights=replace(WEIGHTS, symbol_retyped=0.0))[0] != struct.chunk_id
    # With no name as typed among them, a loose match keeps its whole boost.
    query = analyse("putback")
    assert symbol_boost(query, methods[0], WEIGHTS, typed=False) == WEIGHTS.symbol_loose
    assert not names_as_typed(query, struct)
    assert names_as_typed(analyse("PutBack"), struct)


def test_a_qualifier_no_definition_has_is_left_out() -> None:
    # `anyhow::Error`: the crate's name qualifies nothing in its own code; the struct
    # must still come before the impl blocks that extend it.
    struct = cand("src/lib.rs", dense=0.39, lexical=2.6, symbol="Error", names=("Error",),
                  kind="struct")
    impl = cand("src/error.rs", dense=0.41, lexical=2.6, symbol="Error", names=("Error",),
                kind="impl")
    method = cand("src/error.rs", dense=0.45, lexical=3.0, symbol="Error.provide",
                  kind="method")
    assert order("anyhow::Error", [impl, method, struct])[0] == struct.chunk_id
    assert not qualifies(analyse("anyhow::Error"), struct)
    # A qualifier some definition has still tells them apart.
    owned = cand("src/context.go", names=("Context.JSON",))
    assert qualifies(analyse("Context.JSON"), owned)
    assert order("Context.JSON", [cand("src/render.go", dense=0.5, names=("Render.JSON",)),
                                  owned])[0] == owned.chunk_id


def test_a_definition_found_by_name_opens_on_its_signature() -> None:
    pieces = [cand("src/click/decorators.py", dense=d, lexical=2.0, lines=lines, file_id=7,
                   definition=(50, 96), symbol="make_pass_decorator",
                   names=("make_pass_decorator",) if lines[0] == 50 else ())
              for d, lines in ((0.40, (50, 65)), (0.62, (66, 80)), (0.45, (81, 96)))]
    ranked = rank(analyse("make_pass_decorator"), pieces, 5)
    assert [r.chunk_id for r in ranked] == [pieces[0].chunk_id]  # not the docstring piece
    assert ranked[0].pieces[0] == pieces[0].chunk_id and len(ranked[0].pieces) == 3
    # A sentence is answered by the piece that matches it best.
    sentence = rank(analyse("look up the context object of a given type"), pieces, 5)
    assert sentence[0].chunk_id == pieces[1].chunk_id


def test_a_long_doc_comment_does_not_hide_the_signature() -> None:
    # serde_json's RawValue: 100 lines of `///` above `pub struct RawValue {`; the doc's
    # pieces carry the definition's symbol but name nothing, the last piece names it.
    pieces = [cand("src/raw.rs", dense=0.5, lexical=3.0, lines=lines, file_id=3,
                   definition=(15, 119), symbol="RawValue", kind="struct",
                   names=("RawValue",) if lines[0] == 115 else ())
              for lines in ((15, 34), (35, 80), (81, 114), (115, 119))]
    ranked = rank(analyse("RawValue"), pieces, 5)
    assert [r.chunk_id for r in ranked] == [pieces[3].chunk_id]
    assert len(ranked[0].pieces) == 4
    # Without the piece that names it among the candidates, the first piece stands in.
    assert rank(analyse("RawValue"), pieces[:3], 5)[0].chunk_id == pieces[0].chunk_id


def test_a_definition_found_for_its_meaning_opens_on_its_signature_not_its_doc_comment() -> None:
    # gin's Context.ClientIP: five lines of `//` doc are a piece of their own (750-752),
    # which scored best for "get the real IP of the visitor behind a reverse proxy".
    doc, signature, body = (cand("context.go", dense=dense, lines=lines, file_id=7,
                                 definition=(750, 790), symbol="Context.ClientIP",
                                 kind="method", names=names)
                            for dense, lines, names in (
                                (0.6, (750, 752), ()),
                                (0.5, (753, 757), ("Context.ClientIP",)),
                                (0.4, (758, 765), ())))
    query = analyse("get the real IP of the visitor behind a reverse proxy")
    [result] = rank(query, [doc, signature, body], 5)
    assert result.chunk_id == signature.chunk_id
    assert result.score == rank(query, [doc], 5)[0].score  # the doc piece's score
    # A body piece that scored best stays where it is: it is code, not doc above it.
    best_body = replace(body, chunk_id=next(_ids), dense=0.7)
    assert rank(query, [doc, signature, best_body], 5)[0].chunk_id == best_body.chunk_id
    # Without the signature among the candidates, the doc piece is reported.
    assert rank(query, [doc, body], 5)[0].chunk_id == doc.chunk_id


def test_a_type_definition_beats_the_blocks_extending_it() -> None:
    impls = [cand(f"src/value/{name}.rs", dense=0.45, lexical=1.0, symbol="Value", kind="impl",
                  names=("Value",)) for name in ("de", "ser", "from", "index")]
    enum = cand("src/value/mod.rs", dense=0.35, lexical=1.0, symbol="Value", kind="enum",
                names=("Value",))
    assert order("Value", [*impls, enum])[0] == enum.chunk_id
    # An interface's method is declared; the class implementing it defines it.
    declared = cand("Input/InputInterface.php", dense=0.5, lexical=3.0, kind="declaration",
                    names=("InputInterface.getFirstArgument",))
    defined = cand("Input/ArgvInput.php", dense=0.4, lexical=3.0, kind="method",
                   names=("ArgvInput.getFirstArgument",))
    assert order("getFirstArgument", [declared, defined])[0] == defined.chunk_id
    assert analyse("json!").symbol_key == "json" and analyse("json!").strong


def test_a_snippet_packing_several_small_definitions_defines_each() -> None:
    packed = cand(dense=0.2, lexical=2.0, names=("get_0", "get_1", "get_2"))
    caller = cand(dense=0.5, lexical=3.0, symbol="main")
    assert order("get_1", [caller, packed])[0] == packed.chunk_id


def test_a_definition_inside_a_larger_snippet_comes_after_its_own_snippet() -> None:
    """hyper's `Connected` struct, and the whole small trait `Connection` whose method
    `connected` returns one: the trait's snippet names the method (chunker 8) and says
    "Connected" more often, but the struct is the definition asked for."""
    trait = cand("src/client/connect/mod.rs", dense=0.5, lexical=3.0, symbol="Connection",
                 kind="trait", names=("Connection", "Connection.connected"))
    struct = cand("src/client/connect/mod.rs", dense=0.42, lexical=2.4, symbol="Connected",
                  kind="struct", names=("Connected",))
    assert order("Connected", [trait, struct])[0] == struct.chunk_id
    # Alone, the nested definition is still found by its name, above a mere use of it.
    user = cand("src/client/pool.rs", dense=0.55, lexical=3.0, symbol="PoolInner.checkout")
    assert order("Connection.connected", [user, trait])[0] == trait.chunk_id
    boost = symbol_boost(analyse("connected"), trait, WEIGHTS)
    assert boost == WEIGHTS.symbol_exact * WEIGHTS.secondary



def test_a_type_comes_before_the_blocks_that_extend_it() -> None:
    """indexmap's `OccupiedEntry`: a two-line `impl OccupiedEntry<'_, K, V> {` head
    reads closer to the bare name than the documented struct does."""
    head = cand("src/map/core.rs", dense=0.36, lexical=15.2, symbol="OccupiedEntry",
                kind="impl", names=("OccupiedEntry",))
    struct = cand("src/map/core/raw.rs", dense=0.174, lexical=13.35, symbol="OccupiedEntry",
                  kind="struct", names=("OccupiedEntry",))
    user = cand("src/map.rs", dense=0.45, lexical=9.0, symbol="IndexMap.entry")
    assert order("OccupiedEntry", [head, struct, user])[0] == struct.chunk_id
    assert order("OccupiedEntry", [head, struct, user],
                 weights=replace(WEIGHTS, extending=0.5))[0] == head.chunk_id


def test_a_qualifier_that_is_the_name_s_own_parent_comes_first() -> None:
    """sinatra's `Sinatra.new` (a module function) and `Sinatra::Base.new` (a method of
    `class << self`): both inside `Sinatra`, the first directly."""
    nested = cand("lib/sinatra/base.rb", dense=0.5, lexical=9.0, symbol="Sinatra.Base.self.new",
                  kind="method", names=("Sinatra.Base.self.new",))
    direct = cand("lib/sinatra/base.rb", dense=0.47, lexical=8.5, symbol="Sinatra.new",
                  kind="method", names=("Sinatra.new",))
    assert order("Sinatra.new", [nested, direct])[0] == direct.chunk_id
    assert order("Sinatra.new", [nested, direct],
                 weights=replace(WEIGHTS, symbol_direct=0.0))[0] == nested.chunk_id
    # `prototype` stands between a constructor and its methods: Reply.send is direct.
    assert symbol_boost(analyse("Reply.send"), cand(symbol="Reply.prototype.send"), WEIGHTS
                        ) == WEIGHTS.symbol_exact + WEIGHTS.symbol_qualified + WEIGHTS.symbol_direct

# -- file names, roles ------------------------------------------------------------------------


def test_query_words_in_the_path() -> None:
    assert path_match({"router"}, "pkg/router/tree.go") == 1.0
    assert path_match({"route", "match"}, "src/routes.ts") == 0.5
    assert path_match({"cookie"}, "lib/session.rb") == 0.0


@pytest.mark.parametrize(("path", "role"), [
    ("tests/test_client.py", Role.TEST), ("src/client_test.go", Role.TEST),
    ("lib/router.spec.ts", Role.TEST), ("src/test/java/FooTest.java", Role.TEST),
    ("examples/hello.js", Role.EXAMPLE), ("docs/conf.py", Role.DOCS),
    ("benches/parse.rs", Role.BENCHMARK), ("third_party/zlib/inflate.c", Role.VENDORED),
    ("src/compat/py2.py", Role.LEGACY), ("api/types_pb2.py", Role.GENERATED),
    ("pkg/__init__.py", Role.REEXPORT), ("README.md", Role.DOCS),
    ("notes/design.rst", Role.DOCS), ("src/index.ts", Role.REEXPORT),
    ("src/net/mod.rs", Role.REEXPORT), ("types/index.d.ts", Role.STUB),
    ("C:\\code\\proj\\tests\\util.py", Role.TEST),
    ("LICENSE", Role.DOCS), ("COPYING", Role.DOCS), ("PKG-INFO", Role.DOCS),
    ("pkg/LICENSE-MIT", Role.DOCS), ("CHANGES", Role.DOCS),
])
def test_file_roles(path: str, role: Role) -> None:
    assert role in file_roles(path)


def test_plain_source_files_have_no_role() -> None:
    assert file_roles("src/trio/_core/_run.py") == frozenset()
    assert file_roles("lib/latest.js") == frozenset()
    assert file_roles("src/history.py") == file_roles("lib/license.js") == frozenset()
    # A Go package named doc is code (spf13/cobra/doc writes man pages and Markdown).
    assert file_roles("doc/md_docs.go") == frozenset()
    assert Role.DOCS in file_roles("doc/README.md")


def test_tests_are_lowered_unless_asked_for() -> None:
    test = cand("tests/test_retry.py", dense=0.5)
    source = cand("src/retry.py", dense=0.45)
    assert order("retry with backoff", [test, source])[0] == source.chunk_id
    assert order("tests of retry with backoff", [test, source])[0] == test.chunk_id


def test_re_exports_are_lowered_but_not_the_definitions_of_a_re_export_file() -> None:
    exports = cand("pkg/__init__.py", dense=0.5)
    source = cand("pkg/json.py", dense=0.46)
    assert order("serialise an object", [exports, source])[0] == source.chunk_id
    defined_there = cand("pkg/__init__.py", dense=0.5, symbol="dumps", names=("dumps",))
    assert order("serialise an object", [defined_there, source])[0] == defined_there.chunk_id


def test_type_stubs_are_lowered() -> None:
    stub = cand("types/client.d.ts", dense=0.5, lexical=2.0)
    source = cand("lib/client.js", dense=0.46, lexical=2.0)
    assert order("send a request", [stub, source])[0] == source.chunk_id


def test_top_level_code_is_lowered_for_a_sentence_only() -> None:
    banner = cand("src/tb.py", kind="block", dense=0.5, lexical=3.0, lines=(1, 16))
    function = cand("src/tb.py", kind="function", symbol="concat_tb", dense=0.42, lexical=3.0,
                    lines=(112, 130))
    assert order("join two traceback chains into one", [banner, function])[0] == function.chunk_id
    weights = replace(WEIGHTS, outside_functions=1.0)
    assert order("join two traceback chains into one", [banner, function],
                 weights=weights)[0] == banner.chunk_id


def _class_header(lexical: float = 0.0) -> Candidate:
    """The first lines of a 52-line class, before its methods (each its own snippet)."""
    return cand("lib/cascade.rb", kind="class", symbol="Rack.Cascade", dense=0.5,
                lexical=lexical, lines=(9, 14), definition=(9, 60))


def test_the_part_of_a_type_outside_its_methods_is_lowered_for_a_sentence() -> None:
    header = _class_header()
    method = cand("lib/cascade.rb", kind="method", symbol="Rack.Cascade.call", dense=0.45,
                  lines=(30, 48), definition=(30, 48))
    assert order("fall through apps on 404", [header, method])[0] == method.chunk_id
    whole_class = replace(header, chunk_id=next(_ids), end_line=60)
    assert order("fall through apps on 404", [whole_class, method])[0] == whole_class.chunk_id


def test_a_type_head_the_words_name_is_not_lowered_for_a_sentence() -> None:
    # wtforms: "webob input wrapper" names the class `WebobInputWrapper`, whose head (its
    # methods are snippets of their own) came second to the method that wraps form data in it.
    head = cand("src/wtforms/utils.py", kind="class", symbol="WebobInputWrapper", dense=0.45,
                lexical=4.0, names=("WebobInputWrapper",), lines=(63, 75), definition=(63, 91))
    user = cand("src/wtforms/meta.py", kind="method", symbol="DefaultMeta.wrap_formdata",
                dense=0.5, lexical=5.0, lines=(30, 49), definition=(30, 49))
    assert order("webob input wrapper", [head, user])[0] == head.chunk_id


def test_code_outside_functions_keeps_its_place_for_a_name_or_when_it_packs_definitions() -> None:
    macro_block = cand("include/encode.h", kind="block", dense=0.5, lexical=6.0)
    user = cand("tools/main.c", kind="function", symbol="main", dense=0.45, lexical=5.0)
    assert order("BROTLI_MAX_QUALITY", [macro_block, user])[0] == macro_block.chunk_id
    header = _class_header(lexical=6.0)
    assert order("Cascade", [header, user])[0] == header.chunk_id
    packed = cand("src/get.py", kind="block", dense=0.5, names=("get_0", "get_1"))
    other = cand("src/put.py", kind="function", symbol="put", dense=0.45)
    assert order("fetch a value", [packed, other])[0] == packed.chunk_id


def test_a_c_typedef_is_code_outside_functions_for_a_sentence_only() -> None:
    # stb_ds.h: "// this is a simple string arena allocator" above
    # `typedef struct stbds_string_arena stbds_string_arena;`, a snippet of its own.
    typedef = cand("stb_ds.h", kind="declaration", symbol="stbds_string_arena", dense=0.5,
                   names=("stbds_string_arena",), lines=(481, 482), definition=(482, 482))
    worker = cand("stb_ds.h", kind="function", symbol="stbds_stralloc", dense=0.45,
                  lines=(1574, 1589), definition=(1574, 1589))
    assert order("allocate strings from an arena", [typedef, worker])[0] == worker.chunk_id
    assert order("stbds_string_arena", [typedef, worker])[0] == typedef.chunk_id
    interface = replace(typedef, chunk_id=next(_ids), rel_path="src/Arena.java",
                        language=detect_language("src/Arena.java"))
    assert order("allocate strings from an arena", [interface, worker])[0] == interface.chunk_id


def _first(query: str, candidates: list[Candidate], **changes: float) -> int:
    """The first result's id, with some weights changed from the shipped ones."""
    return order(query, candidates, weights=replace(WEIGHTS, **changes))[0]


def test_a_question_favours_the_longer_function() -> None:
    loop = cand("src/run.py", kind="method", symbol="Runner.run", dense=0.45,
                lines=(100, 120), definition=(100, 340))
    getter = cand("src/run.py", kind="method", symbol="Runner.tasks", dense=0.5,
                  lines=(20, 22), definition=(20, 22))
    assert _first("how are ready tasks run", [loop, getter]) == loop.chunk_id
    assert _first("run the ready tasks", [loop, getter]) == getter.chunk_id
    assert _first("how are ready tasks run", [loop, getter], question_length=0.0) == getter.chunk_id


def test_a_named_language_lifts_its_files() -> None:
    python = cand("py/retry.py", symbol="retry", dense=0.5)
    rust = cand("rs/retry.rs", symbol="retry", dense=0.45)
    assert _first("retry a request with backoff", [python, rust]) == python.chunk_id
    assert _first("retry a request with backoff in rust", [python, rust]) == rust.chunk_id
    assert _first("retry a request with backoff in rust", [python, rust],
                  other_language=1.0) == python.chunk_id
    go_router = cand("go/router.go", dense=0.5, names=("Router",))
    rust_router = cand("rs/router.rs", dense=0.45, names=("Router",))
    assert analyse("Router in rust").languages == {"rust"}
    assert _first("Router", [go_router, rust_router]) == go_router.chunk_id
    assert _first("Router in rust", [go_router, rust_router]) == rust_router.chunk_id


def test_a_giant_wrapper_does_not_win_a_question_by_its_length() -> None:
    # lodash.js: every function sits inside `runInContext`, 15,800 lines long; a piece of
    # it between two nested functions is glue. A 251-line function is past the cap too.
    worker = cand("lodash.js", kind="function", symbol="runInContext.baseFlatten", dense=0.52,
                  lines=(2900, 2999), definition=(2900, 3150))
    glue = replace(worker, chunk_id=next(_ids), symbol="runInContext", dense=0.5,
                   start_line=8773, end_line=8792, def_start=1420, def_end=17227)
    query = "how are nested arrays flattened"
    assert _first(query, [glue, worker]) == worker.chunk_id
    assert _first(query, [glue, worker], question_lines_cap=1_000_000) == glue.chunk_id


# -- definitions, not fragments; coherence; diversity ------------------------------------------


def test_pieces_of_one_definition_collapse_into_its_best_piece() -> None:
    pieces = [cand("a.py", file_id=1, dense=d, lines=(10 * i + 1, 10 * i + 10),
                   definition=(1, 30), symbol="copytree") for i, d in enumerate((0.3, 0.6, 0.4))]
    other = cand("a.py", file_id=1, dense=0.5, lines=(40, 50), definition=(40, 50))
    ranked = rank(analyse("copy a directory tree"), [*pieces, other], 10)
    assert [r.chunk_id for r in ranked] == [pieces[1].chunk_id, other.chunk_id]
    assert order("copy a directory tree", [*pieces, other]) == [pieces[1].chunk_id,
                                                                 other.chunk_id]
    assert ranked[0].pieces == (pieces[1].chunk_id, pieces[2].chunk_id, pieces[0].chunk_id)
    groups = collapse([*pieces, other], [0.3, 0.6, 0.4, 0.5])
    assert len(groups) == 2


def test_snippets_outside_definitions_never_collapse() -> None:
    glue = [cand("a.py", file_id=1, dense=0.5, lines=(i, i)) for i in range(3)]
    assert len(order_by(glue, [0.5, 0.4, 0.3], 10)) == 3


def test_one_file_cannot_fill_the_results() -> None:
    crowd = [cand("big.py", file_id=1, dense=0.6 - i / 1000, lines=(i * 10, i * 10 + 5))
             for i in range(10)]
    others = [cand(f"f{i}.py", file_id=100 + i, dense=0.5) for i in range(10)]
    top = order("what this code does", [*crowd, *others], 10)
    big = {c.chunk_id for c in crowd}
    assert sum(1 for chunk_id in top if chunk_id in big) == WEIGHTS.file_cap
    assert top[:WEIGHTS.file_cap] == [c.chunk_id for c in crowd[:WEIGHTS.file_cap]]
    assert order("what this code does", [*crowd, *others], 10,
                 replace(WEIGHTS, file_cap=None)) == [c.chunk_id for c in crowd]


def test_a_files_results_past_the_cap_come_last_with_falling_scores() -> None:
    crowd = [cand("big.py", file_id=1, dense=0.9 - i / 100, lines=(i * 10, i * 10 + 5))
             for i in range(4)]
    other = cand("other.py", file_id=2, dense=0.1)
    query = analyse("what this code does")
    ranked = rank(query, [*crowd, other], 10, replace(WEIGHTS, file_cap=2))
    assert [r.chunk_id for r in ranked] == [crowd[0].chunk_id, crowd[1].chunk_id,
                                            other.chunk_id, crowd[2].chunk_id,
                                            crowd[3].chunk_id]
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert len(rank(query, [*crowd, other], 3, replace(WEIGHTS, file_cap=2))) == 3
    assert order_by([*crowd, other], [0.5] * 5, 0) == []


def test_a_file_with_several_good_results_is_lifted() -> None:
    lone = cand("lone.py", file_id=1, dense=0.51)
    team = [cand("team.py", file_id=2, dense=d, lines=(i * 10, i * 10 + 5))
            for i, d in enumerate((0.5, 0.49, 0.48))]
    flat = replace(WEIGHTS, coherence=0.0)
    assert order("q words", [lone, *team], weights=flat)[0] == lone.chunk_id
    assert order("q words", [lone, *team])[0] == team[0].chunk_id


def test_nothing_to_rank() -> None:
    assert rank(analyse("anything"), [], 10) == []
    assert order("x", [cand()], limit=0) == []
