"""Functions and methods with their documentation split off, for training data.

A (doc, code) pair per documented function is what a code-search model learns
from.  This reads definitions with the chunker's own tables (`specs`,
`syntax.classify`), so both agree on what a function is and what it is called.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from dataclasses import dataclass

from tree_sitter import Node

from app.core.chunking.languages import grammar_name
from app.core.chunking.specs import LanguageSpec, is_comment, node_text, spec_for
from app.core.chunking.syntax import (
    DefNode,
    classify,
    content_end_row,
    docstring_node,
    parse,
    qualify,
    span,
)

FUNCTION_KINDS = frozenset({"function", "method"})
_COMMENT_MARKERS = re.compile(r"^\s*(?:/\*+|\*+/|\*|///?!?|#+|--+|;+)\s?")
_BLOCK_END = re.compile(r"\s*\*+/\s*$")


@dataclass(frozen=True, slots=True)
class Definition:
    """One function or method.

    `code` is the definition's source (decorators included, dedented) without
    its docstring; `doc` is the cleaned text of the docstring or of the
    comments right above it ("" when there is none), and `doc_lines` their
    1-based inclusive line range.
    """

    symbol: str
    kind: str
    language: str
    start_line: int
    end_line: int
    code: str
    doc: str
    doc_lines: tuple[int, int] | None


def extract_definitions(
    text: str, language: str | None, kinds: frozenset[str] = FUNCTION_KINDS
) -> list[Definition]:
    """Every definition of one of `kinds` in `text`, outermost first, in source order."""
    grammar = grammar_name(language)
    if not grammar or not text.strip():
        return []
    spec = spec_for(grammar)
    source = text.encode("utf-8", "surrogatepass")
    tree = parse(source, grammar)
    if tree is None:
        return []
    candidates = spec.definitions.keys() | spec.wrappers
    found: list[Definition] = []
    # (node, enclosing symbol, enclosing kind); children pushed reversed to keep order.
    stack: list[tuple[Node, str | None, str | None]] = [(tree.root_node, None, None)]
    while stack:
        node, parent_symbol, parent_kind = stack.pop()
        definition = None
        if node.is_named and node.type in candidates:
            definition = classify(node, spec, parent_kind)
        if definition is None:
            stack.extend((child, parent_symbol, parent_kind) for child in reversed(node.children))
            continue
        symbol = qualify(parent_symbol, definition.name) or definition.kind
        if definition.kind in kinds:
            found.append(_definition(definition, symbol, grammar, spec, source))
        children = definition.core.children
        stack.extend((child, symbol, definition.kind) for child in reversed(children))
    return found


def _definition(
    definition: DefNode, symbol: str, grammar: str, spec: LanguageSpec, source: bytes
) -> Definition:
    first, last = span(definition.outer)
    docstring = docstring_node(definition, spec)
    if docstring is not None:
        doc = _clean_docstring(docstring)
        doc_first, doc_last = span(docstring)
    else:
        comments = _leading_comments(definition.outer, spec)
        doc = _clean_comments(comments)
        doc_first, doc_last = (span(comments[0])[0], span(comments[-1])[1]) if comments else (0, 0)
    return Definition(
        symbol=symbol,
        kind=definition.kind,
        language=grammar,
        start_line=first + 1,
        end_line=last + 1,
        code=_code(definition.outer, docstring, source),
        doc=doc,
        doc_lines=(doc_first + 1, doc_last + 1) if doc else None,
    )


def doc_summary(definition: DefNode, spec: LanguageSpec, above: list[Node],
                max_chars: int = 160) -> str:
    """The first sentence of a definition's docstring, else of the comments `above` it."""
    docstring = docstring_node(definition, spec)
    if docstring is not None:
        text = _clean_docstring(docstring)
    else:
        text = _clean_comments([n for n in above if is_comment(n.type)])
    return first_sentence(text, max_chars)


def first_sentence(text: str, max_chars: int) -> str:
    """Up to the first full stop followed by a space, or the first paragraph, within `max_chars`."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    end = re.search(r"[.!?](\s|$)", paragraph)
    sentence = paragraph[:end.end()].strip() if end else paragraph
    return sentence if len(sentence) <= max_chars else sentence[:max_chars].rsplit(" ", 1)[0]


def _code(node: Node, docstring: Node | None, source: bytes) -> str:
    """The node's source, dedented, without `docstring` (and its line, when alone on it)."""
    start, end = node.start_byte, node.end_byte
    line_start = source.rfind(b"\n", 0, start) + 1
    indent = source[line_start:start]
    if indent.strip():  # something else precedes it on its line: stand in spaces
        indent = b" " * len(indent)
    if docstring is None:
        code = source[start:end]
    else:
        cut_start, cut_end = docstring.start_byte, docstring.end_byte
        before = source.rfind(b"\n", start, cut_start) + 1
        after = source.find(b"\n", cut_end, end)
        if before > 0 and after >= 0 and not source[before:cut_start].strip() and not (
            source[cut_end:after].strip()
        ):
            cut_start, cut_end = before, after + 1
        code = source[start:cut_start] + source[cut_end:end]
    return textwrap.dedent((indent + code).decode("utf-8", "replace")).strip("\n")


def _leading_comments(node: Node, spec: LanguageSpec) -> list[Node]:
    """Comments right above `node` (decorators and attributes in between are skipped)."""
    comments: list[Node] = []
    top = span(node)[0]
    sibling = node.prev_sibling
    while sibling is not None:
        first, last = span(sibling)
        if last != top - 1 and last != top:
            break
        if is_comment(sibling.type):
            before = sibling.prev_sibling
            if before is not None and span(before)[1] == first:
                break  # a comment trailing the code before it: "}  // namespace net"
            comments.insert(0, sibling)
        elif sibling.type in spec.attachable:
            pass
        else:
            # Comments the grammar hung on the end of the code above, if they are
            # not indented deeper than the definition (that would be a body's).
            content_last, column = content_end_row(sibling), node.start_point[1]
            comments[:0] = [
                c
                for c in _trailing_comments(sibling)
                if span(c)[0] > content_last and c.start_point[1] <= column
            ]
            break
        top = first
        sibling = sibling.prev_sibling
    return comments


def _trailing_comments(node: Node) -> list[Node]:
    """Comments a grammar hung at the end of `node` (Kotlin does so with imports)."""
    out: list[Node] = []
    current = node
    while current.child_count:
        children = current.children
        index = len(children) - 1
        while index >= 0 and is_comment(children[index].type):
            out.insert(0, children[index])
            index -= 1
        if index < 0:
            break
        current = children[index]
    return out


def _clean_docstring(node: Node) -> str:
    contents = [c for c in node.named_children if c.type == "string_content"]
    if contents:
        raw = "".join(node_text(c) for c in contents)
    else:  # older grammars: the string's own text, quotes and prefixes included
        raw = node_text(node).lstrip("rRbBuUfF").strip("\"'")
    return inspect.cleandoc(raw)


def _clean_comments(comments: list[Node]) -> str:
    out = []
    for comment in comments:
        for line in node_text(comment).split("\n"):
            line = _BLOCK_END.sub("", line)
            out.append(_COMMENT_MARKERS.sub("", line, count=1).rstrip())
    return inspect.cleandoc("\n".join(out))
