"""Cut a source file into snippets that each fit the embedding model.

The unit is the row (line).  A file is a sequence of *items* — row ranges of
syntax nodes, with the comments and decorators above a definition attached
to it — and items are packed into *pieces* in order:

* a definition (function, class, ...) that fits is a piece of its own;
* one that does not fit is replaced by its children (a class by its members,
  a function by its statements), which are packed under the definition's own
  scope, so its pieces keep its symbol and header;
* anything else (imports, statements, small definitions) is glue: consecutive
  glue of one scope is packed greedily up to the budget, and glue too big
  for the budget is replaced by its children the same way, down to single
  rows; a single row too long for the budget is cut to the prefix that fits.

Pieces too small to be worth a vector are then folded into a neighbour of the
same definition.  Items partition the non-blank rows, so every non-blank line
lands in exactly one snippet.  Without a usable tree (unknown language, parse
failure, mostly ERROR nodes) the file is cut into overlapping line windows.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import deque
from dataclasses import dataclass, field

from tree_sitter import Node, Tree

from app.core.chunking.definitions import doc_summary
from app.core.chunking.languages import grammar_name
from app.core.chunking.snippet import Snippet
from app.core.chunking.specs import EXTENDING_KINDS, LanguageSpec, is_comment, spec_for
from app.core.chunking.syntax import (
    DefNode,
    classify,
    content_end_row,
    parse,
    qualify,
    unparsed_rows,
)
from app.core.chunking.tokens import CountTokens, LineCosts
from app.core.chunking.windows import line_windows

# Definitions smaller than this (in code tokens) are packed with their neighbours
# instead of being embedded alone: a pile of three-token getters is one snippet.
MIN_DEFINITION_TOKENS = 24
# Pieces smaller than this fold into a neighbouring piece of the same definition
# (a lone closing brace, a bare "class Foo {" line) when the budget allows.
MIN_PIECE_TOKENS = 16
# A definition's first piece holding its signature line and less than this besides
# (`#[test]`, `nonlocal x`) goes into the next piece: measured against 16, which moved
# more snippets and lowered near-tied queries (docs/QUALITY.md, chunker 5).
MAX_HEAD_EXTRA_TOKENS = 4
# The model adds [CLS] and [SEP] around every text.
SPECIAL_TOKENS = 2
MAX_SIGNATURE_CHARS = 100
# Above this share of non-blank rows outside any error-free subtree, use windows.
MAX_ERROR_SHARE = 0.5
# Above this many bytes a file is cut into windows without parsing it: tree-sitter's
# tree takes about 40 times the file's size in memory (205 MB for a 5 MB file of small
# functions), and only a raised --max-file-size lets such a file in.
MAX_PARSE_BYTES = 4_000_000
HEADER_SEPARATOR = " · "
# A ".h" file is as often C++ as C: when C stumbles, C++ gets a try, and the better
# wins (snippets keep the caller's language, so a filter on "c" still finds them).
RETRY_GRAMMARS = {"c": "cpp"}


@dataclass(slots=True, eq=False)
class _Scope:
    """Where a piece belongs: the file itself, a definition, or a window."""

    symbol: str | None
    kind: str
    header: str
    header_tokens: int
    parent: _Scope | None = None
    span: tuple[int, int] | None = None  # a definition's rows
    name_row: int | None = None          # the row its name is on

    def within(self, other: _Scope) -> bool:
        scope: _Scope | None = self
        while scope is not None:
            if scope is other:
                return True
            scope = scope.parent
        return False


@dataclass(slots=True, eq=False)
class _Item:
    """Rows `first`..`last` (0-based, inclusive), in `scope`, from `nodes` (none: plain rows)."""

    first: int
    last: int
    scope: _Scope
    nodes: list[Node] = field(default_factory=list)
    definition: DefNode | None = None
    attachable: bool = False


@dataclass(slots=True, eq=False)
class _Piece:
    first: int
    last: int
    scope: _Scope
    cut: str | None = None  # the fitting prefix, when a single row is too long
    # A shorter header than its scope's (path and enclosing symbol only), for a piece
    # that took in a definition's head and holds the signature in its own text.
    header: str | None = None
    # Qualified names of the small definitions packed into it (its scope's own
    # name is added when the piece holds the row the name is on).
    names: list[str] = field(default_factory=list)


def chunk_text(
    text: str,
    rel_path: str,
    language: str | None,
    count_tokens: CountTokens,
    max_tokens: int = 256,
) -> list[Snippet]:
    """Cut `text` (the file at `rel_path`) into snippets in line order.

    `language` is a grammar name from `detect_language` (None: plain text).
    `count_tokens(s)` is the model's token count for `s` without the special
    tokens; it must be additive over whitespace-separated parts, as WordPiece
    is, because every line is counted once and spans are summed.  Every
    snippet's `embed_text` costs at most `max_tokens` including [CLS]/[SEP].
    Lines are split on "\\n" only (a trailing "\\r" is dropped); line numbers are
    1-based and inclusive.
    """
    if max_tokens < 8:
        raise ValueError(f"max_tokens must be at least 8, not {max_tokens}")
    if not text.strip():
        return []
    lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
    chunker = _Chunker(lines, rel_path, grammar_name(language), count_tokens, max_tokens)
    return chunker.run(text)


class _Chunker:
    """The state of chunking one file."""

    def __init__(
        self,
        lines: list[str],
        path: str,
        grammar: str | None,
        count_tokens: CountTokens,
        max_tokens: int,
    ) -> None:
        self.lines = lines
        self.path = path
        # What snippets are labelled with; the grammar may change (C -> C++).
        self.language = grammar or "text"
        self.grammar = grammar
        self.spec: LanguageSpec = spec_for(grammar or "")
        self.costs = LineCosts(lines, count_tokens)
        self.max_tokens = max_tokens
        self.header_cap = (max_tokens - SPECIAL_TOKENS) // 2
        self.root = self._root_scope("block")
        # Rows holding only a comment that a grammar tacked onto the end of the
        # node before it; they attach to the definition below like any comment.
        self.comment_rows: set[int] = set()
        # (row of its name, qualified name) of every definition in the tree, by row.
        self.begun: list[tuple[int, str]] = []

    def run(self, text: str) -> list[Snippet]:
        pieces = self._syntax_pieces(text) if self.grammar else None
        if pieces is None:
            pieces = self._window_pieces()
        return [self._snippet(piece) for piece in pieces]

    # --- scopes and budget ---------------------------------------------------------------------

    def _root_scope(self, kind: str) -> _Scope:
        """The file's own scope; its header is the path, shortened if it is absurdly long."""
        for header in (self.path, self.path.replace("\\", "/").rsplit("/", 1)[-1], ""):
            tokens = self.costs.count(header) if header else 0
            if tokens <= self.header_cap:
                return _Scope(None, kind, header, tokens)
        return _Scope(None, kind, "", 0)

    def _definition_scope(self, definition: DefNode, parent: _Scope, item: _Item,
                          summary: str = "") -> _Scope:
        """The scope of a definition's pieces; `summary` (its first doc sentence) is put in
        the header too, so that every piece of a definition cut in several says what the
        whole does."""
        symbol = qualify(parent.symbol, definition.name)
        signature = self.lines[definition.name_row].strip()[:MAX_SIGNATURE_CHARS]
        header, tokens = self.root.header, self.root.header_tokens
        for extra in ([summary] if summary else []) + [""]:
            parts = [self.root.header, parent.symbol, signature, extra]
            text = HEADER_SEPARATOR.join(part for part in parts if part)
            cost = self.costs.count(text)
            if cost <= self.header_cap:
                header, tokens = text, cost
                break
        return _Scope(symbol, definition.kind, header, tokens, parent, (item.first, item.last),
                      definition.name_row)

    def _fits(self, first: int, last: int, scope: _Scope) -> bool:
        cost = self.costs.cost(first, last) + scope.header_tokens + SPECIAL_TOKENS
        return cost <= self.max_tokens

    def _cut(self, row: int, scope: _Scope) -> _Piece:
        budget = self.max_tokens - SPECIAL_TOKENS - scope.header_tokens
        return _Piece(row, row, scope, self.costs.cut(row, budget))

    # --- fallback ------------------------------------------------------------------------------

    def _window_pieces(self) -> list[_Piece]:
        scope = self._root_scope("window")
        budget = self.max_tokens - SPECIAL_TOKENS - scope.header_tokens
        pieces = []
        for first, last in line_windows(self.costs, budget):
            fits = self._fits(first, last, scope)
            pieces.append(_Piece(first, last, scope) if fits else self._cut(first, scope))
        return pieces

    # --- syntax --------------------------------------------------------------------------------

    def _syntax_pieces(self, text: str) -> list[_Piece] | None:
        assert self.grammar is not None
        source = text.encode("utf-8", "surrogatepass")
        if len(source) > MAX_PARSE_BYTES:
            return None
        tree, unparsed = self._parse(source, self.grammar)
        retry = RETRY_GRAMMARS.get(self.grammar)
        if retry and (tree is None or tree.root_node.has_error):
            other, other_unparsed = self._parse(source, retry)
            if other is not None and (other_unparsed, other.root_node.has_error) < (unparsed, True):
                tree, unparsed = other, other_unparsed
                self.grammar, self.spec = retry, spec_for(retry)
        nonblank = len(self.lines) - sum(self.costs.blank)
        if tree is None or unparsed > MAX_ERROR_SHARE * nonblank:
            return None
        whole = _Item(0, len(self.lines) - 1, self.root, [tree.root_node])
        items = self._expand(whole, self.root) or [whole]  # a one-line file may have no nodes
        self.begun = sorted(self._definitions(tree.root_node))
        return self._merge_small(self._pack(deque(items)))

    def _definitions(self, root: Node) -> list[tuple[int, str]]:
        """(row of its name, qualified name) of every named definition under `root`, not
        the blocks that only add to a type defined elsewhere (Rust's `impl Value`).

        Why: a piece that holds a whole definition is named for it alone, and a piece
        of glue for the small definitions packed into it; a definition nested in
        either (a small class's methods, a Ruby class inside the `module` around a
        gem's file) would otherwise be no piece's name, and a search for its name
        would not find where it is defined (`chunk_names`).
        """
        spec = self.spec
        candidates = spec.definitions.keys() | spec.wrappers
        out: list[tuple[int, str]] = []
        stack: list[tuple[Node, str | None, str | None]] = [(root, None, None)]
        while stack:
            node, parent, parent_kind = stack.pop()
            for child in node.children:
                if child.child_count == 0:
                    continue
                found = classify(child, spec, parent_kind) if child.type in candidates else None
                if found is None:
                    stack.append((child, parent, parent_kind))
                    continue
                symbol = qualify(parent, found.name)
                if found.name and symbol and found.kind not in EXTENDING_KINDS:
                    out.append((found.name_row, symbol))
                stack.append((found.core, symbol, found.kind))
        return out

    def _parse(self, source: bytes, grammar: str) -> tuple[Tree | None, int]:
        """The tree and its count of unparsed rows (all of them when parsing failed)."""
        tree = parse(source, grammar)
        if tree is None:
            return None, len(self.lines)
        return tree, unparsed_rows(tree, self.costs.blank)

    def _pack(self, queue: deque[_Item]) -> list[_Piece]:
        pieces: list[_Piece] = []
        group: _Piece | None = None
        group_items: list[_Item] = []

        def flush() -> None:
            nonlocal group
            if group is None:
                return
            only = group_items[0] if len(group_items) == 1 else None
            if only is not None and only.definition is not None:
                # A small definition alone between bigger things keeps its name.
                own = self._definition_scope(only.definition, only.scope, only)
                if self._fits(group.first, group.last, own):
                    group.scope = own
            if group.scope.name_row is None or not (
                    group.first <= group.scope.name_row <= group.last):
                group.names = [name for it in group_items if it.definition is not None
                               and (name := qualify(it.scope.symbol, it.definition.name))]
            pieces.append(group)
            group = None
            group_items.clear()

        while queue:
            item = queue.popleft()
            scope = item.scope
            definition = item.definition
            if definition is not None and (
                self.costs.cost(item.first, item.last) >= MIN_DEFINITION_TOKENS
                or not self._fits(item.first, item.last, scope)
            ):
                flush()
                own = self._definition_scope(definition, scope, item)
                if self._fits(item.first, item.last, own):
                    pieces.append(_Piece(item.first, item.last, own))
                elif item.first == item.last:
                    pieces.append(self._cut(item.first, own))
                else:
                    summary = doc_summary(definition, self.spec, item.nodes)
                    own = self._definition_scope(definition, scope, item, summary)
                    queue.extendleft(reversed(self._expand(item, own) or []))
                continue
            if (
                group is not None
                and group.scope is scope
                and self._fits(group.first, item.last, scope)
            ):
                group.last = item.last
                group_items.append(item)
            elif (
                group is not None
                and group.scope is scope
                and item.first != item.last
                and (self.costs.cost(group.first, group.last) < MIN_PIECE_TOKENS
                     or _heads(group, scope.name_row))
            ):
                # The group is a definition's head (its doc comment, decorators or
                # signature), or too small to stand alone: take the item apart so that
                # its first rows join the group.
                queue.extendleft(reversed(self._expand(item, scope) or []))
            elif self._fits(item.first, item.last, scope):
                flush()
                group = _Piece(item.first, item.last, scope)
                group_items.append(item)
            elif item.first == item.last:
                flush()
                pieces.append(self._cut(item.first, scope))
            else:
                queue.extendleft(reversed(self._expand(item, scope) or []))
        flush()
        return pieces

    def _expand(self, item: _Item, scope: _Scope) -> list[_Item] | None:
        """Items that partition the non-blank rows of `item`, one syntax level down.

        Returns None when `item` is a single row (rows are the atoms).
        """
        if item.definition is not None:
            children = _definition_children(item.nodes, item.definition)
        else:
            children = [child for node in item.nodes for child in node.children]
        if not children:
            if item.first == item.last:
                return None
            return [
                _Item(row, row, scope)
                for row in range(item.first, item.last + 1)
                if not self.costs.blank[row]
            ]
        items = self._node_items(children, item.first, item.last, scope)
        return self._attach(self._fill_gaps(items, item.first, item.last, scope))

    def _node_items(self, nodes: list[Node], first: int, last: int, scope: _Scope) -> list[_Item]:
        """One item per run of nodes sharing rows, clipped to `first`..`last`.

        A run is a definition when exactly one of its nodes is one and the
        others are comments or punctuation (``struct s {...};``, ``}  // end``).
        """
        spec, blank = self.spec, self.costs.blank
        candidates = spec.definitions.keys() | spec.wrappers
        items: list[_Item] = []
        # Per run: the definition found, and whether anything else substantial shares it.
        found: list[DefNode | None] = []
        crowded: list[bool] = []
        for node in nodes:
            start_point, end_point = node.start_point, node.end_point
            if start_point == end_point:
                continue  # zero-width (MISSING) nodes own no rows
            start, end = start_point[0], end_point[0]
            if end > start:
                start, end = self._rows(node, start, end - (end_point[1] == 0))
            start, end = max(start, first), min(end, last)
            if start > end:
                continue
            node_type = node.type
            attachable = is_comment(node_type) or node_type in spec.attachable
            definition = None
            substantial = node.is_named and not attachable
            if substantial and node_type in candidates:
                definition = classify(node, spec, scope.kind)
            if items and start <= items[-1].last:
                run = items[-1]
                run.last = max(run.last, end)
                run.nodes.append(node)
                run.attachable = run.attachable and attachable
                if substantial:
                    crowded[-1] = crowded[-1] or found[-1] is not None or definition is None
                    found[-1] = found[-1] or definition
            else:
                items.append(_Item(start, end, scope, [node], attachable=attachable))
                found.append(definition)
                crowded.append(substantial and definition is None)
        kept = []
        for run, definition, busy in zip(items, found, crowded, strict=True):
            while run.first <= run.last and blank[run.first]:
                run.first += 1
            while run.last >= run.first and blank[run.last]:
                run.last -= 1
            if run.first <= run.last:
                run.definition = None if busy else definition
                kept.append(run)
        return kept

    def _rows(self, node: Node, first: int, last: int) -> tuple[int, int]:
        """The node's rows `first`..`last`, less comments a grammar tacked onto its end.

        Such comments stay with the node when indented deeper than its first
        line (a comment closing a Python function body), and are left to the
        parent otherwise, where they attach to the definition below them.
        """
        lines, blank = self.lines, self.costs.blank
        base = _indent(lines[first])
        if _indent(lines[last]) > base:
            return first, last  # nothing could be trimmed: skip the walk
        content_last = content_end_row(node)
        while last > content_last and (blank[last] or _indent(lines[last]) <= base):
            if not blank[last]:
                self.comment_rows.add(last)
            last -= 1
        return first, last

    def _fill_gaps(self, items: list[_Item], first: int, last: int, scope: _Scope) -> list[_Item]:
        """Add items for non-blank rows no node covers (trimmed comments, stray text)."""
        out: list[_Item] = []
        row = first
        blank = self.costs.blank
        for it in [*items, None]:
            stop = it.first if it is not None else last + 1
            while row < stop:
                if blank[row]:
                    row += 1
                    continue
                end = row
                while end + 1 < stop and not blank[end + 1]:
                    end += 1
                comments = all(r in self.comment_rows for r in range(row, end + 1))
                out.append(_Item(row, end, scope, attachable=comments))
                row = end + 1
            if it is not None:
                out.append(it)
                row = it.last + 1
        return out

    @staticmethod
    def _attach(items: list[_Item]) -> list[_Item]:
        """Comments and decorators directly above a definition become part of it."""
        out: list[_Item] = []
        for it in items:
            if it.definition is not None:
                while out and out[-1].attachable and out[-1].last + 1 == it.first:
                    above = out.pop()
                    it.first = above.first
                    it.nodes = above.nodes + it.nodes
            out.append(it)
        return out

    def _merge_small(self, pieces: list[_Piece]) -> list[_Piece]:
        """Fold tiny pieces into a neighbour of the same definition.

        A tiny piece that opens its scope (``class Foo {``), or a definition's bare
        head (its signature line), goes forward into the first member or body piece;
        any other (a closing brace) goes back.  Top-level glue only merges with
        top-level glue, never into a definition.
        """
        out: list[_Piece] = []
        pending: _Piece | None = None
        for piece in pieces:
            if pending is not None:
                if not self._take_head(piece, pending):
                    self._settle(out, pending)
                pending = None
            if piece.cut is None:
                tiny = self.costs.cost(piece.first, piece.last) < MIN_PIECE_TOKENS
                if tiny and out and out[-1].scope.within(piece.scope) and self._absorb_into(
                        out[-1], piece):
                    continue
                if tiny or self._small_head(piece):
                    pending = piece
                    continue
            out.append(piece)
        if pending is not None:
            self._settle(out, pending)
        return out

    def _small_head(self, piece: _Piece) -> bool:
        """A definition's first piece that holds little more than its signature line:
        its vector would repeat what the header of every piece says."""
        scope, row = piece.scope, piece.scope.name_row
        if scope.span is None or row is None or not _holds(piece, row):
            return False
        rest = self.costs.cost(piece.first, piece.last) - self.costs.cost(row, row)
        return piece.last < scope.span[1] and rest < MAX_HEAD_EXTRA_TOKENS

    def _take_head(self, host: _Piece, small: _Piece) -> bool:
        """Fold `small`, just above `host`, into it; when only the signature's repeat in
        the header is in the way, `host` keeps a shorter header (its text holds the
        signature then)."""
        if self._absorbs(host, small):
            host.first = small.first
            host.names[:0] = _own_names(small)
            return True
        scope = host.scope
        row = scope.name_row
        if (host.cut is not None or row is None or not small.first <= row <= host.last
                or not self._related(host, small)):
            return False
        parent = scope.parent.symbol if scope.parent is not None else None
        header = HEADER_SEPARATOR.join(part for part in (self.root.header, parent) if part)
        cost = self.costs.cost(small.first, host.last) + SPECIAL_TOKENS
        if cost + (self.costs.count(header) if header else 0) > self.max_tokens:
            return False
        host.first, host.header = small.first, header
        host.names[:0] = _own_names(small)
        return True

    def _settle(self, out: list[_Piece], small: _Piece) -> None:
        """Place a tiny piece that could not go forward: back into the piece before it,
        or alone."""
        if not (out and self._absorb_into(out[-1], small)):
            out.append(small)

    def _related(self, host: _Piece, small: _Piece) -> bool:
        return host.scope is small.scope or (
            small.scope is not self.root and host.scope.within(small.scope)
        )

    def _absorbs(self, host: _Piece, small: _Piece) -> bool:
        if host.cut is not None:
            return False
        first, last = min(host.first, small.first), max(host.last, small.last)
        return self._related(host, small) and self._fits(first, last, host.scope)

    def _absorb_into(self, host: _Piece, small: _Piece) -> bool:
        if not self._absorbs(host, small):
            return False
        host.first, host.last = min(host.first, small.first), max(host.last, small.last)
        host.names.extend(_own_names(small))
        return True

    # --- output --------------------------------------------------------------------------------

    def _snippet(self, piece: _Piece) -> Snippet:
        text = piece.cut if piece.cut is not None else "\n".join(
            self.lines[piece.first : piece.last + 1]
        )
        scope = piece.scope
        names = list(piece.names)
        if _holds(piece, scope.name_row) and scope.symbol:
            names.insert(0, scope.symbol)
        if scope.symbol is not None:  # not top-level code: it is lowered as such when nameless
            # The walk may qualify a definition the packing already named otherwise
            # (`module.exports.get` of `module.exports = class Store {`): the packing's stays.
            begun = self.begun
            known = {name.rsplit(".", 1)[-1] for name in names}
            names += [name for _, name in begun[bisect_left(begun, (piece.first, "")):
                                               bisect_right(begun, (piece.last, "\uffff"))]
                      if name.rsplit(".", 1)[-1] not in known]
        return Snippet(
            path=self.path,
            language=self.language,
            symbol=scope.symbol,
            kind=scope.kind,
            start_line=piece.first + 1,
            end_line=piece.last + 1,
            text=text,
            header=scope.header if piece.header is None else piece.header,
            def_start=scope.span[0] + 1 if scope.span else None,
            def_end=scope.span[1] + 1 if scope.span else None,
            names=tuple(dict.fromkeys(names)),
        )


def _definition_children(nodes: list[Node], definition: DefNode) -> list[Node]:
    """What a definition splits into: its core's children, with any wrapper's other parts."""
    out: list[Node] = []
    for node in nodes:
        if node == definition.outer:
            out.extend(_flatten_to(node, definition.core))
        else:
            out.append(node)
    return out


def _flatten_to(node: Node, core: Node) -> list[Node]:
    if node == core:
        return node.children
    out: list[Node] = []
    for child in node.children:
        if child.start_byte <= core.start_byte and core.end_byte <= child.end_byte and (
            child.end_byte > child.start_byte
        ):
            out.extend(_flatten_to(child, core))
        else:
            out.append(child)
    return out


def _holds(piece: _Piece, row: int | None) -> bool:
    return row is not None and piece.first <= row <= piece.last


def _own_names(piece: _Piece) -> list[str]:
    """The names `piece` defines: its scope's when it holds the name's row (`class
    Editor:` folded into the piece of `Editor.__init__` still defines `Editor`). Not a
    block that only adds to a type defined elsewhere (Rust's `impl Body {`)."""
    scope = piece.scope
    own = (scope.symbol and scope.kind not in EXTENDING_KINDS
           and _holds(piece, scope.name_row))
    return ([scope.symbol] if own else []) + piece.names


def _heads(piece: _Piece, name_row: int | None) -> bool:
    """Whether `piece` (in a definition's scope) is its head: it starts at or above the
    row of the definition's name (doc comment, decorators, signature)."""
    return name_row is not None and piece.first <= name_row


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
