"""Parsing, and reading definitions off a syntax tree with the `specs` tables.

Shared by the chunker and by `definitions`; works in rows (0-based line
numbers), never in byte columns, so the callers can stay in ``str`` land.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from tree_sitter import Node, Parser, Tree
from tree_sitter_language_pack import get_parser

from app.core.chunking.languages import KNOWN_GRAMMARS
from app.core.chunking.specs import LanguageSpec, generic_name, is_comment, name_node

# Parsers are not thread-safe: one per grammar per thread.
_local = threading.local()

# Inputs that crash a grammar's external scanner (SIGSEGV, which no `except`
# catches): bash's scanner passes code points beyond ASCII to isdigit() after
# a "{" and the digits that follow it (tree-sitter-bash issue 337).  Such
# files are cut into windows instead.  (Perl's and markdown's scanners crash
# or hang too; `languages` does not offer them, so they are never parsed.)
_CRASHING_INPUT: dict[str, re.Pattern[bytes]] = {
    "bash": re.compile(rb"\{[0-9]*[\x80-\xff]"),
}


@dataclass(frozen=True, slots=True)
class DefNode:
    """A definition found in the tree.

    `outer` is the node whose lines the definition spans (a decorator or
    ``export`` wrapper included); `core` is the definition itself.
    """

    outer: Node
    core: Node
    kind: str
    name: str | None
    name_row: int


def parser_for(grammar: str) -> Parser | None:
    """This thread's parser for `grammar`, or None if the grammar is not bundled."""
    cache: dict[str, Parser | None] | None = getattr(_local, "parsers", None)
    if cache is None:
        cache = _local.parsers = {}
    if grammar not in cache:
        try:
            cache[grammar] = get_parser(grammar)  # type: ignore[arg-type]
        except Exception:  # unknown name: LookupError today, but the pack does not promise
            cache[grammar] = None
    return cache[grammar]


# C and C++ libraries open and close their namespaces or linkage blocks with a macro on a
# line of its own (`FMT_BEGIN_NAMESPACE`, `G_BEGIN_DECLS`, `__BEGIN_DECLS`); the grammar,
# seeing no macro's body, reads it as the start of a declaration that swallows what
# follows (fmt's `FMT_BEGIN_NAMESPACE namespace detail {...}` became a function named
# `namespace`, and everything in the namespace its pieces). Such lines are blanked for
# the parser; the snippets keep them.
_MACRO_NAME = re.compile(rb"[A-Z_][A-Z0-9_]*_[A-Z0-9_]*")
_ANY_MACRO_LINE = re.compile(rb"^[ \t]*" + _MACRO_NAME.pattern + rb"[ \t]*\r?$", re.MULTILINE)
_MACRO_LINE_GRAMMARS = frozenset({"c", "cpp"})
# An export macro between `class` (or `struct`, `union`) and the type's name (`class
# SPDLOG_API logger`, `class FMT_API format_error : public ...`): the grammar takes the
# macro for the name, so the type is lost and its methods are read as free functions
# (spdlog's `logger::log` became `spdlog.log`). The macro is blanked for the parser when
# the name after it goes on to a base list, a body, `final` or the line's end.
_CLASS_HEAD_MACRO = re.compile(
    rb"\b(?:class|struct|union)[ \t]+(" + _MACRO_NAME.pattern
    + rb")[ \t]+(?=[A-Za-z_][A-Za-z0-9_]*[ \t]*(?:final\b|[:{\r\n]|$))", re.MULTILINE)


def _blank_bare_macros(source: bytes) -> bytes:
    """`source` with each bare macro line turned to spaces of its length (rows and
    columns stay where they were): a line holding only an upper-case name with an
    underscore, after a statement, a block's brace, a directive or a comment, and before
    a line that does not go on with it (`,`, `;`, `=`, `(`, `)`, `:`)."""
    if not _ANY_MACRO_LINE.search(source):
        return source
    lines = source.split(b"\n")
    before = b""  # the last non-blank line kept
    for row, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if _MACRO_NAME.fullmatch(stripped) and _between_statements(before, lines, row):
            lines[row] = b" " * len(line)
        else:
            before = stripped
    return b"\n".join(lines)


def _blank_class_head_macros(source: bytes) -> bytes:
    """`source` with each export macro of a type's head turned to spaces of its length."""
    return _CLASS_HEAD_MACRO.sub(lambda m: m[0].replace(m[1], b" " * len(m[1])), source)


def _between_statements(before: bytes, lines: list[bytes], row: int) -> bool:
    """Whether the line `row` stands between two statements (`before`: the last
    non-blank line above it)."""
    after = next((lines[r].strip() for r in range(row + 1, len(lines)) if lines[r].strip()),
                 b"")
    return ((not before or before.endswith((b";", b"{", b"}", b"*/"))
             or before.startswith((b"#", b"//"))) and not before.endswith(b"\\")
            and not after.startswith((b",", b";", b"=", b"(", b")", b":")))


def parse(source: bytes, grammar: str) -> Tree | None:
    """The syntax tree, or None for a grammar not offered, a failure or a known crasher."""
    if grammar not in KNOWN_GRAMMARS:
        return None
    guard = _CRASHING_INPUT.get(grammar)
    if guard is not None and guard.search(source):
        return None
    parser = parser_for(grammar)
    if parser is None:
        return None
    if grammar in _MACRO_LINE_GRAMMARS:
        source = _blank_class_head_macros(_blank_bare_macros(source))
    try:
        return parser.parse(source)
    except Exception:  # a parser bug must not cost the file: the caller falls back to windows
        return None


def unparsed_rows(tree: Tree, blank: list[bool]) -> int:
    """How many non-blank rows no error-free subtree covers.

    Counting rows inside ERROR nodes would condemn a whole C file for one
    unbalanced ``#ifdef``: the ERROR then spans everything, yet its children
    are perfectly good functions.  This walks down only into nodes that contain
    an error, crediting every error-free child on the way.
    """
    root = tree.root_node
    if not root.has_error:
        return 0
    good = bytearray(len(blank))
    stack = [root]
    while stack:
        node = stack.pop()
        in_error = node.is_error
        for child in node.children:
            if child.has_error:
                stack.append(child)
            elif not in_error or (child.is_named and child.child_count):
                # Loose tokens inside an ERROR are what is left of failed parsing;
                # a whole error-free construct in there is still real code.
                first, last = span(child)
                good[first : last + 1] = b"\x01" * (last - first + 1)
    return sum(1 for row, empty in enumerate(blank) if not empty and not good[row])


def span(node: Node) -> tuple[int, int]:
    """First and last row of `node`; a node ending in a newline does not own the next row."""
    start_row, end_row = node.start_point[0], node.end_point[0]
    if end_row > start_row and node.end_point[1] == 0:
        end_row -= 1
    return start_row, end_row


def content_end_row(node: Node) -> int:
    """The last row of `node` that holds something other than trailing comments.

    Grammars put comments wherever the parser happens to be, so a comment
    above a definition can end up as the last child of the statement before
    it (Kotlin's imports, Python's blocks).
    """
    current = node
    while True:
        children = current.children
        last = len(children) - 1
        while last >= 0 and is_comment(children[last].type):
            last -= 1
        if last < 0:
            return span(current)[1]
        current = children[last]


def classify(node: Node, spec: LanguageSpec, parent_kind: str | None) -> DefNode | None:
    """The definition `node` is, or None; `parent_kind` turns functions into methods."""
    found = _resolve(node, spec, 0)
    if found is None:
        return None
    core, kind, name = found
    if name is None:
        name = spec.default_names.get(core.type) or spec.default_names.get(node.type)
    if kind == "function" and (parent_kind in spec.method_parents or _is_qualified(core)):
        kind = "method"
    if kind in ("function", "method") and _declares_only(core):
        kind = "declaration"
    named = name_node(core)
    name_row = (named if named is not None else core).start_point[0]
    return DefNode(outer=node, core=core, kind=kind, name=name, name_row=name_row)


def _resolve(node: Node, spec: LanguageSpec, depth: int) -> tuple[Node, str, str | None] | None:
    entry = spec.definitions.get(node.type)
    if entry is not None:
        if node.type in spec.needs_body and node.child_by_field_name("body") is None:
            return None
        if isinstance(entry, str):
            return node, entry, generic_name(node)
        resolved = entry(node)
        return (node, *resolved) if resolved else None
    if node.type in spec.wrappers and depth < 4:
        found = None
        for child in node.named_children:
            if is_comment(child.type) or child.type in spec.attachable:
                continue
            inner = _resolve(child, spec, depth + 1)
            if inner is not None:
                if found is not None:
                    return None  # two definitions: not a wrapper of one
                found = inner
        return found
    return None


def _declares_only(core: Node) -> bool:
    """A function or method without a body: an interface's or abstract method, a TypeScript
    signature. Its name is defined elsewhere too, where the code is."""
    return core.type.endswith("_signature") or (
        core.type == "method_declaration"  # Java, C#, PHP: ends with ";" when bodiless
        and core.child_by_field_name("body") is None
        and not any(c.type.endswith(("body", "block")) for c in core.children))


def _is_qualified(core: Node) -> bool:
    """C++ ``void Server::handle()`` defined outside its class is a method."""
    declarator = core.child_by_field_name("declarator")
    while declarator is not None:
        if declarator.type == "qualified_identifier":
            return True
        declarator = declarator.child_by_field_name("declarator")
    return False


def docstring_node(definition: DefNode, spec: LanguageSpec) -> Node | None:
    """The string literal opening a Python function or class body, if any."""
    if not spec.docstrings:
        return None
    body = definition.core.child_by_field_name("body")
    if body is None:
        return None
    for child in body.named_children:
        if is_comment(child.type):
            continue
        if child.type == "expression_statement" and child.named_child_count == 1:
            child = child.named_children[0]
        return child if child.type in ("string", "concatenated_string") else None
    return None


def qualify(parent: str | None, name: str | None) -> str | None:
    if not name:
        return parent
    return f"{parent}.{name}" if parent else name
