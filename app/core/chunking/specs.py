"""Per-language knowledge of tree-sitter node types: what is a definition, and its name.

One table for every consumer (the chunker, `definitions`): a `LanguageSpec`
maps definition node types to a kind, or to a small resolver for the node
types whose kind or name depends on what is inside them (``const f = () =>``,
Go's ``type X struct``, Swift's ``class_declaration`` that may be a struct...).
Node type names were read off trees printed from the bundled grammars, not
guessed; the tests parse a sample per language to keep them honest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from tree_sitter import Node

# A resolver looks inside a node and says what it defines: (kind, name), or None
# when the node is not a definition after all (``const x = 1``).
Resolver = Callable[[Node], "tuple[str, str | None] | None"]

# Kinds of definition whose functions are methods.
TYPE_KINDS = frozenset({"class", "struct", "interface", "trait", "impl", "enum"})
# Blocks that add to a type defined elsewhere (Rust `impl Value`, Swift `extension`): they
# name the type without defining it.
EXTENDING_KINDS = frozenset({"impl", "extension"})

_NAME_TYPES = frozenset({
    "identifier", "type_identifier", "simple_identifier", "constant", "name", "word",
    "property_identifier", "field_identifier", "namespace_identifier", "package_identifier",
})
_QUALIFIERS = re.compile(r"::|->|[:\\]")
_GENERICS = re.compile(r"<[^<>]*>|\[[^\[\]]*\]")
_MAX_NAME = 80


@dataclass(frozen=True, slots=True)
class LanguageSpec:
    """What the chunker needs to know about one grammar."""

    definitions: Mapping[str, str | Resolver]
    # Nodes that hold exactly one definition plus decoration ("export", decorators,
    # templates): the definition then spans the wrapper's lines.
    wrappers: frozenset[str] = frozenset()
    # Sibling nodes that belong to the definition below them, like comments do.
    attachable: frozenset[str] = frozenset()
    # Definition node types that only define something when they have a body
    # (``struct foo;`` or ``mod foo;`` merely refer to one).
    needs_body: frozenset[str] = frozenset()
    # Kinds inside which a "function" is reported as a "method".
    method_parents: frozenset[str] = TYPE_KINDS
    # Names for definitions that have none of their own (``deinit``, companions).
    default_names: Mapping[str, str] = field(default_factory=dict)
    # Python-style docstrings: a string literal as the first statement of the body.
    docstrings: bool = False


def is_comment(node_type: str) -> bool:
    """Comment node types are named ``comment``, ``line_comment``, ... in every grammar."""
    return "comment" in node_type


def node_text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")


def clean_name(raw: str) -> str | None:
    """``net::Server<T>::handle`` -> ``net.Server.handle``: one separator, no generics."""
    name = raw.strip().strip("\"'`")
    for _ in range(4):  # nested generics, innermost first
        stripped = _GENERICS.sub("", name)
        if stripped == name:
            break
        name = stripped
    name = _QUALIFIERS.sub(".", "".join(name.split()))
    name = re.sub(r"\.{2,}", ".", name).strip(".*&")
    return name[:_MAX_NAME] or None


def name_node(node: Node) -> Node | None:
    """The ``name`` field, else the innermost C-style ``declarator``, else the first identifier."""
    named = node.child_by_field_name("name")
    if named is not None:
        return named
    declarator = node.child_by_field_name("declarator")
    if declarator is not None:
        while True:
            inner = declarator.child_by_field_name("declarator")
            if inner is None and declarator.type == "reference_declarator":
                # C++'s `T& name(...)`: the declarator inside holds no field name
                inner = declarator.named_children[-1] if declarator.named_children else None
            if inner is None:
                return declarator
            declarator = inner
    for child in node.named_children:
        if child.type in _NAME_TYPES:
            return child
    return None


def generic_name(node: Node) -> str | None:
    found = name_node(node)
    return clean_name(node_text(found)) if found is not None else None


def _keyword_kind(node: Node, keywords: Mapping[str, str], default: str) -> str:
    for child in node.children:
        if not child.is_named and child.type in keywords:
            return keywords[child.type]
    return default


# --- resolvers ------------------------------------------------------------------------------

_JS_FUNCTION_VALUES = frozenset({
    "arrow_function", "function_expression", "function", "generator_function",
})
_JS_CLASS_VALUES = frozenset({"class", "class_expression"})


# `{...} as const`, `{...} satisfies T`, `(...)`: the value inside counts.
_TS_VALUE_WRAPPERS = frozenset({"as_expression", "satisfies_expression",
                                "parenthesized_expression"})


def _unwrapped(value: Node | None) -> Node | None:
    """The value inside TypeScript's wrappers (`{...} as const`, `(...)`)."""
    while value is not None and value.type in _TS_VALUE_WRAPPERS and value.named_children:
        value = value.named_children[0]
    return value


def _js_value_kind(value: Node | None, *, objects: bool) -> str | None:
    value = _unwrapped(value)
    if value is None:
        return None
    if value.type in _JS_FUNCTION_VALUES:
        return "function"
    if value.type in _JS_CLASS_VALUES:
        return "class"
    if objects and value.type == "object":
        return "constant"
    return None


# A value made by a call: `createSlice = buildCreateSlice()`, `User = z.object({...})`.
_JS_MADE_VALUES = frozenset({"call_expression", "new_expression"})


def _js_variable(node: Node) -> tuple[str, str | None] | None:
    """``const f = (a) => ...``, ``let C = class {}``, ``const api = { get() {} }``; and
    an exported value a call makes (``export const createSlice = buildCreateSlice()``:
    part of the module's interface, searched by its name)."""
    declarators = [c for c in node.named_children if c.type == "variable_declarator"]
    if len(declarators) != 1:
        return None
    value = declarators[0].child_by_field_name("value")
    kind = _js_value_kind(value, objects=True)
    if kind is None and _at_file_top(node) and _js_function_made(value):
        kind = "function"
    if kind is None and node.parent is not None and node.parent.type == "export_statement":
        kind = "constant" if _js_made_value(_unwrapped(value)) else None
    return (kind, generic_name(declarators[0])) if kind else None


def _at_file_top(node: Node) -> bool:
    """Whether a declaration is the file's own, not a statement inside a function."""
    parent = node.parent
    if parent is not None and parent.type == "export_statement":
        parent = parent.parent
    return parent is not None and parent.type == "program"


def _js_function_made(written: Node | None) -> bool:
    """A function a call makes from the one written in it (lodash's `difference =
    baseRest(function (array, values) {...})`, `memoize(function ...)`), or the value
    of a function called at once in parentheses (`defineProperty = (function ()
    {...}())`): the variable names the code, which is searched for by it. Not Babel's
    class, `Loader = function (_Parent) {...}(Parent)`: its methods are definitions of
    their own, and one around them would join their pieces into one result."""
    value = _unwrapped(written)
    if value is None or value.type != "call_expression":
        return False
    called = value.child_by_field_name("function")
    if called is not None and "parenthesized_expression" in (written.type, called.type) \
            and _unwrapped(called).type in _JS_FUNCTION_VALUES:
        return True
    arguments = value.child_by_field_name("arguments")
    return any(_unwrapped(a).type in _JS_FUNCTION_VALUES
               for a in (arguments.named_children if arguments is not None else ()))


def _js_made_value(value: Node | None) -> bool:
    """A call's value, unless the call is handed methods: Leaflet's `Map =
    Evented.extend({ initialize: function () {...} })` builds a class whose methods stay
    named on their own (made a definition, its methods re-qualified moved behaviour
    queries both ways: docs/QUALITY.md, chunker 12)."""
    if value is None or value.type not in _JS_MADE_VALUES:
        return False
    arguments = value.child_by_field_name("arguments")
    return not any(
        argument.type == "object" and any(
            member.type == "method_definition" or (member.type == "pair" and _js_value_kind(
                member.child_by_field_name("value"), objects=False) == "function")
            for member in argument.named_children)
        for argument in (arguments.named_children if arguments is not None else ()))


# What a module's one export is assigned to: the definition's own name says more.
_JS_WHOLE_EXPORTS = frozenset({"module.exports", "exports"})


def _js_assignment(node: Node) -> tuple[str, str | None] | None:
    """``Foo.prototype.bar = function () {}`` and ``exports.run = async () => {}``;
    ``module.exports = function tokenizer () {}`` is ``tokenizer`` (a nameless one stays
    ``module.exports``)."""
    value = node.child_by_field_name("right")
    kind = _js_value_kind(value, objects=False)
    if not kind:
        return None
    name = clean_name(node_text(node.child_by_field_name("left")))
    # (a class is a definition of its own, named inside the assignment's)
    own = (value.child_by_field_name("name")
           if name in _JS_WHOLE_EXPORTS and kind == "function" else None)
    return kind, clean_name(node_text(own)) if own is not None else name


def _js_member(node: Node) -> tuple[str, str | None] | None:
    """Object-literal ``key: function () {}`` and class fields holding arrow functions."""
    value = node.child_by_field_name("value")
    kind = _js_value_kind(value, objects=False)
    if not kind:
        return None
    key = node.child_by_field_name("key") or node.child_by_field_name("name")
    key = key or node.child_by_field_name("property")
    return ("method" if kind == "function" else kind), clean_name(node_text(key))


_LUA_NAMES = frozenset({"identifier", "dot_index_expression"})


def _lua_assignment(node: Node) -> tuple[str, str | None] | None:
    """``M.parse = function (s) ... end`` and ``local f = function () end``: one name, one
    function. A field set inside a named function is one of its statements, a callback
    handed to an object (``element.env.finally = function (fn) ... end`` in busted's
    ``it``), not a definition."""
    names = node.named_children[0].named_children if node.named_children else []
    values = node.named_children[-1].named_children if len(node.named_children) > 1 else []
    if len(names) != 1 or len(values) != 1 or names[0].type not in _LUA_NAMES \
            or values[0].type != "function_definition":
        return None
    if names[0].type == "dot_index_expression" and _in_lua_named_function(node):
        return None
    return "function", clean_name(node_text(names[0]))


def _in_lua_named_function(node: Node) -> bool:
    """Whether the nearest function around `node` is a definition: declared
    (``function M.run()``) or assigned to a name or field. A module's body wrapped in
    ``return function () ... end`` is not."""
    parent = node.parent
    while parent is not None and parent.type not in ("function_declaration",
                                                     "function_definition"):
        parent = parent.parent
    if parent is None:
        return False
    if parent.type == "function_declaration":
        return True
    holder = parent.parent
    if holder is not None and holder.type == "expression_list":
        holder = holder.parent
    return holder is not None and holder.type in ("assignment_statement", "field")


def _lua_field(node: Node) -> tuple[str, str | None] | None:
    """A table constructor's ``run = function (self) ... end``."""
    name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
    if name is None or name.type != "identifier" or value is None \
            or value.type != "function_definition":
        return None
    return "method", clean_name(node_text(name))


def _go_method(node: Node) -> tuple[str, str | None]:
    """``func (s *Server) Handle()`` is ``Server.Handle``."""
    name = generic_name(node)
    receiver = node.child_by_field_name("receiver")
    for param in receiver.named_children if receiver is not None else ():
        recv_type = param.child_by_field_name("type")
        if recv_type is not None:
            owner = clean_name(node_text(recv_type))
            return "method", f"{owner}.{name}" if owner and name else name
    return "method", name


def _go_type(node: Node) -> tuple[str, str | None]:
    inner = node.child_by_field_name("type")
    kinds = {"struct_type": "struct", "interface_type": "interface"}
    return kinds.get(inner.type if inner is not None else "", "type"), generic_name(node)


def _rust_impl(node: Node) -> tuple[str, str | None]:
    """``impl<T> Display for Wrapper<T>`` is named after the type: ``Wrapper``."""
    return "impl", clean_name(node_text(node.child_by_field_name("type")))


def _c_typedef(node: Node) -> tuple[str, str | None] | None:
    inner = node.child_by_field_name("type")
    if inner is None:
        return None
    if inner.child_by_field_name("body") is None:
        if inner.type in _C_NEEDS_BODY and inner.child_by_field_name("name") is not None:
            # "typedef struct X Y;" names a struct whose fields are elsewhere: a declaration
            # of Y (search follows it to X's definition, `candidates.typedef_targets`).
            return "declaration", generic_name(node)
        return None  # "typedef unsigned long size_t;" is glue, not a definition
    kind = {"enum_specifier": "enum"}.get(inner.type, "struct")
    return kind, generic_name(node)


def _kotlin_class(node: Node) -> tuple[str, str | None]:
    kind = _keyword_kind(node, {"interface": "interface", "enum": "enum"}, "class")
    return kind, generic_name(node)


def _swift_class(node: Node) -> tuple[str, str | None]:
    keyword = node_text(node.child_by_field_name("declaration_kind"))
    kind = {"struct": "struct", "enum": "enum", "extension": "impl"}.get(keyword, "class")
    return kind, generic_name(node)


# --- tables ---------------------------------------------------------------------------------

_JS_DEFINITIONS: dict[str, str | Resolver] = {
    "function_declaration": "function",
    "generator_function_declaration": "function",
    "class_declaration": "class",
    "class": "class",
    "method_definition": "method",
    "lexical_declaration": _js_variable,
    "variable_declaration": _js_variable,
    "assignment_expression": _js_assignment,
    "pair": _js_member,
    "field_definition": _js_member,
}
_TS_DEFINITIONS: dict[str, str | Resolver] = {
    **{k: v for k, v in _JS_DEFINITIONS.items() if k != "field_definition"},
    "public_field_definition": _js_member,
    "abstract_class_declaration": "class",
    "interface_declaration": "interface",
    "type_alias_declaration": "type",
    "enum_declaration": "enum",
    "function_signature": "function",
    "method_signature": "method",
    "abstract_method_signature": "method",
    "internal_module": "namespace",
    "module": "module",
}
_JS = LanguageSpec(
    definitions=_JS_DEFINITIONS,
    wrappers=frozenset({"export_statement", "expression_statement"}),
    attachable=frozenset({"decorator"}),
    default_names={"export_statement": "default", "class": "default"},
)
_TS = LanguageSpec(
    definitions=_TS_DEFINITIONS,
    wrappers=frozenset({"export_statement", "expression_statement", "ambient_declaration"}),
    attachable=frozenset({"decorator"}),
    default_names={"export_statement": "default", "class": "default"},
)
_C_DEFINITIONS: dict[str, str | Resolver] = {
    "function_definition": "function",
    "struct_specifier": "struct",
    "union_specifier": "struct",
    "enum_specifier": "enum",
    "type_definition": _c_typedef,
}
_C_NEEDS_BODY = frozenset({"struct_specifier", "union_specifier", "enum_specifier"})

SPECS: dict[str, LanguageSpec] = {
    "python": LanguageSpec(
        definitions={"function_definition": "function", "class_definition": "class"},
        wrappers=frozenset({"decorated_definition"}),
        docstrings=True,
    ),
    "javascript": _JS,
    "typescript": _TS,
    "tsx": _TS,
    "go": LanguageSpec(
        definitions={
            "function_declaration": "function",
            "method_declaration": _go_method,
            "type_spec": _go_type,
            "type_alias": "type",
        },
        wrappers=frozenset({"type_declaration"}),
    ),
    "rust": LanguageSpec(
        definitions={
            "function_item": "function",
            "function_signature_item": "function",
            "struct_item": "struct",
            "union_item": "struct",
            "enum_item": "enum",
            "trait_item": "trait",
            "impl_item": _rust_impl,
            "mod_item": "module",
            "macro_definition": "function",
            "type_item": "type",
            "const_item": "constant",
            "static_item": "constant",
        },
        attachable=frozenset({"attribute_item"}),
        needs_body=frozenset({"mod_item"}),
    ),
    "java": LanguageSpec(
        definitions={
            "class_declaration": "class",
            "interface_declaration": "interface",
            "enum_declaration": "enum",
            "record_declaration": "class",
            "annotation_type_declaration": "interface",
            "method_declaration": "method",
            "constructor_declaration": "method",
            "compact_constructor_declaration": "method",
        },
    ),
    "c": LanguageSpec(definitions=_C_DEFINITIONS, needs_body=_C_NEEDS_BODY),
    "cpp": LanguageSpec(
        definitions={
            **_C_DEFINITIONS,
            "class_specifier": "class",
            "namespace_definition": "namespace",
            "concept_definition": "type",
        },
        wrappers=frozenset({"template_declaration", "linkage_specification"}),
        needs_body=_C_NEEDS_BODY | {"class_specifier", "namespace_definition"},
    ),
    "csharp": LanguageSpec(
        definitions={
            "class_declaration": "class",
            "struct_declaration": "struct",
            "record_declaration": "class",
            "interface_declaration": "interface",
            "enum_declaration": "enum",
            "namespace_declaration": "namespace",
            "method_declaration": "method",
            "constructor_declaration": "method",
            "destructor_declaration": "method",
            "operator_declaration": "method",
            "conversion_operator_declaration": "method",
            "property_declaration": "method",
            "indexer_declaration": "method",
            "delegate_declaration": "type",
            "local_function_statement": "function",
        },
        default_names={"operator_declaration": "operator", "indexer_declaration": "this"},
    ),
    "ruby": LanguageSpec(
        definitions={
            "method": "function",
            "singleton_method": "function",
            "class": "class",
            "singleton_class": "class",
            "module": "module",
        },
        method_parents=TYPE_KINDS | {"module"},
        default_names={"singleton_class": "self"},
    ),
    "php": LanguageSpec(
        definitions={
            "function_definition": "function",
            "method_declaration": "method",
            "class_declaration": "class",
            "interface_declaration": "interface",
            "trait_declaration": "trait",
            "enum_declaration": "enum",
            "namespace_definition": "namespace",
        },
        needs_body=frozenset({"namespace_definition"}),
    ),
    "kotlin": LanguageSpec(
        definitions={
            "class_declaration": _kotlin_class,
            "object_declaration": "class",
            "companion_object": "class",
            "function_declaration": "function",
            "secondary_constructor": "method",
            "type_alias": "type",
        },
        default_names={"companion_object": "Companion", "secondary_constructor": "constructor"},
    ),
    "swift": LanguageSpec(
        definitions={
            "class_declaration": _swift_class,
            "protocol_declaration": "interface",
            "function_declaration": "function",
            "protocol_function_declaration": "method",
            "init_declaration": "method",
            "deinit_declaration": "method",
            "subscript_declaration": "method",
            "typealias_declaration": "type",
        },
        default_names={"deinit_declaration": "deinit", "subscript_declaration": "subscript"},
    ),
    "bash": LanguageSpec(definitions={"function_definition": "function"}),
    "lua": LanguageSpec(
        definitions={"function_declaration": "function",
                     "assignment_statement": _lua_assignment, "field": _lua_field},
        wrappers=frozenset({"variable_declaration"}),
    ),
    "scala": LanguageSpec(
        definitions={
            "class_definition": "class",
            "object_definition": "class",
            "trait_definition": "trait",
            "enum_definition": "enum",
            "function_definition": "function",
            "function_declaration": "function",
        },
    ),
}

# Grammars without a table still get syntax-aware cuts, just no named definitions.
EMPTY_SPEC = LanguageSpec(definitions={})


def spec_for(grammar: str) -> LanguageSpec:
    return SPECS.get(grammar, EMPTY_SPEC)
