"""How the chunker splits, merges and falls back, on generated inputs."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from app.core.chunking.chunker import MAX_PARSE_BYTES, MIN_DEFINITION_TOKENS, chunk_text
from app.core.chunking.windows import WINDOW_LINES


def _method(index: int) -> str:
    return (
        f"    def handle_{index}(self, request, *, retries: int = 3):\n"
        f'        """Handle request kind {index} and report how it went."""\n'
        f"        response = self.session.post(self.base_url + '/{index}', json=request)\n"
        f"        if response.status_code >= 500 and retries:\n"
        f"            return self.handle_{index}(request, retries=retries - 1)\n"
        f"        return response.json()\n"
    )


def _big_class(methods: int = 12) -> str:
    body = "\n".join(_method(i) for i in range(methods))
    return (
        "import requests\n\n\n"
        "class ApiClient:\n"
        '    """A thin client for the orders API."""\n\n'
        "    base_url = 'https://orders.example.com'\n\n"
        f"{body}\n\n"
        "client = ApiClient()\n"
    )


def test_oversized_class_splits_into_its_methods(real_count, check):
    text = _big_class()
    snippets = chunk_text(text, "api/client.py", "python", real_count)
    check(snippets, text, real_count, 256)
    methods = [s for s in snippets if s.kind == "method"]
    assert [s.symbol for s in methods] == [f"ApiClient.handle_{i}" for i in range(12)]
    assert all(s.header.startswith("api/client.py · ApiClient · def handle_") for s in methods)
    head = next(s for s in snippets if s.kind == "class")
    assert (head.symbol, head.start_line) == ("ApiClient", 4)
    # A definition cut in pieces: each piece's header says what the whole is and does.
    assert head.header == "api/client.py · class ApiClient: · A thin client for the orders API."
    assert (head.def_start, head.names) == (4, ("ApiClient",))
    assert all((s.def_start, s.def_end) == (s.start_line, s.end_line) for s in methods)
    assert [s.names for s in methods] == [(f"ApiClient.handle_{i}",) for i in range(12)]
    assert '"""A thin client for the orders API."""' in head.text
    assert snippets[0].kind == "block" and snippets[-1].kind == "block"


def test_huge_function_splits_into_budget_sized_pieces(real_count, check):
    signature = "def transform(rows, mapping, *, strict=False):"
    lines = [signature, '    """Rename and coerce columns."""']
    for i in range(150):
        lines.append(f"    value_{i} = mapping.get('column_{i}', rows[{i}]) * {i} + len(str(rows))")
    lines.append("    return locals()")
    text = "\n".join(lines) + "\n"
    snippets = chunk_text(text, "etl/transform.py", "python", real_count)
    check(snippets, text, real_count, 256)
    assert len(snippets) > 5
    assert {(s.kind, s.symbol) for s in snippets} == {("function", "transform")}
    assert snippets[0].text.startswith(signature)
    assert all(s.header == f"etl/transform.py · {signature} · Rename and coerce columns."
               for s in snippets)
    # Every piece knows the whole definition; only the first holds its name.
    assert {(s.def_start, s.def_end) for s in snippets} == {(1, len(lines))}
    assert [s.names for s in snippets] == [("transform",)] + [()] * (len(snippets) - 1)
    # Greedy packing: every piece but the last is nearly full.
    assert all(real_count(s.embed_text) + 2 > 200 for s in snippets[:-1])


def test_tiny_statements_merge_into_blocks(real_count, check):
    text = "\n".join(f"import module_{i}" for i in range(200)) + "\n"
    text += "\n".join(f"SETTING_{i} = {i}" for i in range(200)) + "\n"
    snippets = chunk_text(text, "settings.py", "python", real_count)
    check(snippets, text, real_count, 256)
    assert all(s.kind == "block" and s.symbol is None for s in snippets)
    assert len(snippets) < 20
    assert all(real_count(s.embed_text) + 2 > 200 for s in snippets[:-1])


def test_small_definitions_pack_together_but_a_lone_one_keeps_its_name(real_count):
    getters = "\n".join(f"def get_{i}(self): return self._{i}" for i in range(10))
    text = f"{getters}\n\n\n{_method(1).replace('    ', '', 1)}\n\ndef main():\n    pass\n"
    snippets = chunk_text(text, "getters.py", "python", real_count)
    assert [(s.kind, s.symbol) for s in snippets] == [
        ("block", None),
        ("function", "handle_1"),
        ("function", "main"),
    ]
    assert snippets[0].end_line == 10
    assert real_count("def main():\n    pass") < MIN_DEFINITION_TOKENS
    # The packed getters can still be found by name: each is a name the block defines.
    assert snippets[0].names == tuple(f"get_{i}" for i in range(10))
    assert snippets[0].def_start is None


def test_a_doc_comment_never_stands_alone(real_count, check):
    """Go: a doc comment above a function that fits alone but not with its comment."""
    doc = "\n".join("// RegisterCompletion should be called to register a function that "
                    "provides the completions of a flag of the command." for _ in range(2))
    signature = ("func (c *Command) RegisterCompletion(flagName string, f func(cmd *Command, "
                 "args []string, toComplete string) ([]string, Directive)) error {")
    body = "\n".join(f"\tif err := c.check{i}(flagName); err != nil {{ return fmt.Errorf(\"step "
                     f"{i} of %s failed\", flagName) }}" for i in range(3))
    text = f"package cli\n\n{doc}\n{signature}\n{body}\n\treturn nil\n}}\n"
    snippets = chunk_text(text, "cli/register.go", "go", real_count)
    check(snippets, text, real_count, 256)
    head = next(s for s in snippets if s.symbol == "Command.RegisterCompletion")
    assert len(snippets) > 2  # the function is cut: the test is about its first piece
    assert head.text.startswith("// RegisterCompletion should be called")
    assert "func (c *Command) RegisterCompletion(" in head.text
    assert head.names == ("Command.RegisterCompletion",)


def test_a_typescript_constant_object_is_a_definition(real_count):
    fields = "\n".join(f"  CODE_{i}: -{32000 + i}," for i in range(5))
    text = f"export const ERROR_CODES = {{\n{fields}\n}} as const;\n"
    (snippet,) = chunk_text(text, "rpc/codes.ts", "typescript", real_count)
    assert (snippet.kind, snippet.symbol, snippet.names) == ("constant", "ERROR_CODES",
                                                             ("ERROR_CODES",))


@pytest.mark.parametrize(("path", "language", "text"), [
    ("Input.php", "php", "<?php\ninterface Input\n{\n    /** The first argument given. */\n"
     "    public function getFirstArgument(): ?string;\n}\n"),
    ("Rule.java", "java", "interface Rule {\n  /** Apply the rule to an amount in cents. */\n"
     "  int apply(int amountInCents);\n}\n"),
    ("repo.ts", "typescript", "interface Repo {\n  /** Find a user by id. */\n"
     "  find(id: string): Promise<User>;\n}\n"),
])
def test_a_method_without_body_is_a_declaration(path: str, language: str, text: str,
                                                 real_count):
    """Interface and abstract methods: the name is defined where the code is, elsewhere."""
    snippets = chunk_text(text, path, language, real_count, max_tokens=24)
    kinds = {name: s.kind for s in snippets for name in s.names}
    assert "declaration" in kinds.values(), kinds


def test_a_c_typedef_of_a_tagged_struct_declares_its_name(real_count):
    """`typedef struct X Y;` names a struct defined elsewhere (search follows it);
    a typedef of a plain type stays glue."""
    text = ("typedef unsigned long brotli_size;\n\n"
            "/** The decoder's state, opaque to callers. */\n"
            "typedef struct BrotliDecoderStateStruct BrotliDecoderState;\n")
    snippets = chunk_text(text, "include/decode.h", "c", real_count)
    kinds = {name: s.kind for s in snippets for name in s.names}
    assert kinds == {"BrotliDecoderState": "declaration"}


def test_a_signature_never_stands_alone(real_count, check):
    """A function whose first statement is too big to join its signature: the statement
    is taken apart so that the signature travels with the first rows of the body."""
    body = "\n".join(f"        total += weights[{i}] * values[{i}] - offsets[{i}]"
                     for i in range(60))
    text = ("def weighted_total(values, weights, offsets):\n"
            f"    for _ in range(3):\n{body}\n    return total\n")
    snippets = chunk_text(text, "calc.py", "python", real_count)
    check(snippets, text, real_count, 256)
    first = snippets[0]
    assert first.text.startswith("def weighted_total(")
    assert first.end_line - first.start_line >= 3
    assert first.names == ("weighted_total",)


def test_a_signature_goes_into_its_first_member_with_a_shorter_header(real_count, check):
    """The first nested function fits alone but not with the outer signature and its
    own header: the piece keeps the enclosing symbol in its header and both
    signatures in its text, instead of leaving `def install_hooks` alone."""
    inner = "\n".join(f"            self.alive.add(agen_{i})" for i in range(20))
    text = ("class Generators:\n"
            "    def install_hooks(self, runner):\n"
            f"        def firstiter(agen):\n{inner}\n\n"
            "        def finalizer(agen):\n            self.pending.append(agen)\n\n"
            "        sys.set_asyncgen_hooks(firstiter, finalizer)\n")
    snippets = chunk_text(text, "gens.py", "python", real_count)
    check(snippets, text, real_count, 256)
    first = snippets[0]
    assert (first.start_line, first.end_line) == (1, 23)
    assert first.symbol == "Generators.install_hooks.firstiter"
    assert first.header == "gens.py · Generators.install_hooks"
    assert {"Generators", "Generators.install_hooks"} <= set(first.names)


def test_a_file_too_big_to_parse_is_cut_into_windows(real_count, check):
    """Only a raised --max-file-size lets such a file in; its tree would take ~40x its size."""
    function = "def scale_{i}(x):\n    return x * {i} + 7\n\n"
    small = "".join(function.format(i=i) for i in range(3))
    assert "window" not in {s.kind for s in chunk_text(small, "gen.py", "python", real_count)}
    rows = MAX_PARSE_BYTES // len(function.format(i=100_000)) + 1
    text = "".join(function.format(i=100_000 + i) for i in range(rows))
    assert len(text.encode()) > MAX_PARSE_BYTES
    snippets = chunk_text(text, "gen.py", "python", real_count)
    assert {s.kind for s in snippets} == {"window"}
    check(snippets, text, real_count, 256)


def test_unknown_language_gets_overlapping_windows(real_count, check):
    text = "".join(f"line {i}: the quick brown fox jumps over the lazy dog\n" for i in range(200))
    snippets = chunk_text(text, "notes/log.txt", None, real_count)
    check(snippets, text, real_count, 256)
    labels = {(s.kind, s.symbol, s.language, s.header) for s in snippets}
    assert labels == {("window", None, "text", "notes/log.txt")}
    assert all(s.end_line - s.start_line < WINDOW_LINES for s in snippets)
    assert all(b.start_line <= a.end_line for a, b in itertools.pairwise(snippets))
    assert snippets[-1].end_line == 200


def _noise(seed: int) -> str:
    rng = random.Random(seed)
    chars = ")]}>;:,.=+-*/%!?|&^@"
    return "\n".join(
        "".join(rng.choice(chars) + (" " if rng.random() < 0.2 else "") for _ in range(40))
        for _ in range(60)
    )


def test_noise_in_a_known_language_falls_back_to_windows(real_count, check):
    text = _noise(2)  # the Java grammar makes nothing of any of these rows
    snippets = chunk_text(text, "Noise.java", "java", real_count)
    check(snippets, text, real_count, 256)
    assert {s.kind for s in snippets} == {"window"}


def test_c_header_full_of_cpp_is_parsed_as_cpp(real_count):
    text = (
        "#pragma once\n#include <string>\n\n"
        "namespace geo {\n"
        "class Polygon {\n public:\n"
        "  double area() const { return shoelace(points_) * 0.5 + offset_ * scale_; }\n"
        "  template <typename F> void each(F f) const { for (auto& p : points_) f(p); }\n"
        " private:\n  std::vector<Point> points_;\n};\n"
        "}  // namespace geo\n"
    )
    snippets = chunk_text(text, "geo/polygon.h", "c", real_count, max_tokens=64)
    assert {s.language for s in snippets} == {"c"}
    assert "geo.Polygon.area" in {s.symbol for s in snippets}


def test_minified_single_line_is_cut_to_what_fits(real_count, check):
    body = ";".join(f"var a{i}=function(b,c){{return b*{i}+c}}" for i in range(3000))
    for language in ("javascript", None):
        snippets = chunk_text(body, "dist/app.min.js", language, real_count)
        check(snippets, body, real_count, 256)
        assert len(snippets) == 1
        assert body.startswith(snippets[0].text) and len(snippets[0].text) > 100


def test_one_long_line_inside_a_function_is_cut_alone(real_count, check):
    blob = "    TABLE = [" + ", ".join(str(i) for i in range(2000)) + "]"
    text = f"def lookup(i):\n    '''Precomputed squares.'''\n{blob}\n    return TABLE[i]\n"
    snippets = chunk_text(text, "table.py", "python", real_count)
    check(snippets, text, real_count, 256)
    cut = [s for s in snippets if s.start_line == 3]
    assert len(cut) == 1 and blob.startswith(cut[0].text) and cut[0].text != blob
    assert {s.symbol for s in snippets} == {"lookup"}


@pytest.mark.parametrize("language", ["python", "javascript", "c", "rust", None])
def test_binary_garbage_never_raises(language, real_count, check):
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(20_000))
    for text in (data.decode("latin-1"), data.decode("utf-8", "surrogateescape")):
        snippets = chunk_text(text, "blob.bin", language, real_count)
        safe = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        lenient = lambda s: real_count(s.encode("utf-8", "replace").decode("utf-8"))  # noqa: E731
        check(snippets, text, lenient, 256)
        assert snippets or not safe.strip()


@pytest.mark.parametrize("text", ["", "\n\n", "   \t \n \r\n"])
def test_empty_or_blank_file_has_no_snippets(text, real_count):
    assert chunk_text(text, "empty.py", "python", real_count) == []


def test_crlf_lines_lose_their_carriage_return(real_count, check):
    text = "def greet(name):\r\n    return f'hello {name}, nice to see you again today'\r\n"
    snippets = chunk_text(text, "greet.py", "python", real_count)
    check(snippets, text, real_count, 256)
    assert "\r" not in snippets[0].text and snippets[0].symbol == "greet"


def test_absurdly_long_path_does_not_eat_the_budget(real_count, check):
    path = "/".join(f"directory_number_{i}" for i in range(80)) + "/module.py"
    text = _big_class(2)
    snippets = chunk_text(text, path, "python", real_count, max_tokens=128)
    check(snippets, text, real_count, 128)
    assert all(real_count(s.header) <= 63 for s in snippets)


def test_language_aliases_and_grammars_without_tables(real_count, check):
    script = "#!/bin/sh\nhello() {\n  echo 'hello from a shell function that is long enough'\n}\n"
    assert chunk_text(script, "run", "shell", real_count)[0].symbol == "hello"
    data = "{\n" + ",\n".join(f'  "key_{i}": [{i}, {i + 1}, "value"]' for i in range(300)) + "\n}\n"
    snippets = chunk_text(data, "data.json", "json", real_count)
    check(snippets, data, real_count, 256)
    assert {s.kind for s in snippets} == {"block"} and len(snippets) > 3


def test_tiny_budget_is_rejected_but_small_budgets_work(real_count, check):
    with pytest.raises(ValueError):
        chunk_text("x = 1\n", "a.py", "python", real_count, max_tokens=4)
    text = _big_class(2)
    snippets = chunk_text(text, "a.py", "python", real_count, max_tokens=12)
    check(snippets, text, real_count, 12)


def test_parsers_are_safe_across_threads(real_count):
    texts = [_big_class(n) for n in range(2, 10)]
    expected = [chunk_text(t, "c.py", "python", real_count) for t in texts]
    results: dict[int, list] = {}

    def work(offset: int) -> None:
        for i in range(offset, len(texts), 2):
            results[i] = chunk_text(texts[i], "c.py", "python", real_count)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [results[i] for i in range(len(texts))] == expected


# Inputs that crash (SIGSEGV, non-deterministically) or hang grammars' scanners.
CRASHERS = [
    ("bash", "=79{\U000d7070\u00a2"),
    ("bash", "echo {12\U0010ffff}"),
    ("perl", "',\"\U000d7070^z#c[\u0100$"),
    ("markdown", "7\U000d7070+5c+~/a"),
]


def test_known_grammar_crashers_are_never_parsed():
    """Run in a child process: a regression here would kill the interpreter."""
    script = (
        "import sys, json\n"
        "from app.core.chunking.chunker import chunk_text\n"
        "for language, text in json.loads(sys.stdin.read()):\n"
        "    for _ in range(20):\n"
        "        snippets = chunk_text(text, 'x', language, lambda s: len(s.split()) + 1)\n"
        "        assert {s.kind for s in snippets} == {'window'}, snippets\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(CRASHERS),
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_a_snippet_names_the_definitions_nested_in_it(real_count, check):
    """A whole small class is one snippet, named for its methods too; a Ruby class in
    its file's `module`, after a doc comment too long to share its snippet, is named
    by the snippet it begins in (a search for `SSLOptions` finds its definition)."""
    small = ("class Point:\n"
             "    def norm(self):\n        return (self.x ** 2 + self.y ** 2) ** 0.5\n\n"
             "    def scaled(self, k):\n        return Point(self.x * k, self.y * k)\n")
    (whole,) = chunk_text(small, "point.py", "python", real_count)
    check([whole], small, real_count, 256)
    assert whole.names == ("Point", "Point.norm", "Point.scaled")
    attributes = "".join(f"  # @!attribute option_{i}\n  #   @return [String] what option "
                         f"{i} sets for the SSL connection of a request\n" for i in range(24))
    text = ("module Faraday\n" + attributes +
            "  class SSLOptions < Options.new(:verify, :ca_file)\n"
            "    def verify?\n      verify != false\n    end\n  end\nend\n")
    snippets = chunk_text(text, "ssl_options.rb", "ruby", real_count, 160)
    check(snippets, text, real_count, 160)
    row = text.splitlines().index("  class SSLOptions < Options.new(:verify, :ca_file)") + 1
    (holder,) = [s for s in snippets if s.start_line <= row <= s.end_line]
    assert {"Faraday.SSLOptions", "Faraday.SSLOptions.verify?"} <= set(holder.names)
    assert sum("Faraday.SSLOptions" in s.names for s in snippets) == 1
