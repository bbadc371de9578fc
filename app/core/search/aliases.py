"""Names that stand for a definition written under another name.

A search for a name wants the code it runs, and some names are given to code written
elsewhere: C's `typedef struct X Y;` (Y's fields are X's), a JavaScript
`ListCache.prototype.set = listCacheSet;` or `request.serializeObject = serialize;`,
Ruby's `alias_method :unescape, :unencode`, Python's `__str__ = __repr__`. The
searcher looks for such lines among the snippets it retrieved; each `Alias` found
sends it to the definitions of the name the alias stands for, and those carry the
alias as one of their names, so the ranking stage lifts them as definitions of it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import apsw

from app.core.terms import symbol_key


@dataclass(frozen=True)
class Alias:
    """`name` (as written) stands for the definition whose name's key is `target`;
    written in the file `file_id` (None: a declaration that may name code anywhere)."""

    name: str
    target: str
    file_id: int | None = None

    def named_for(self, definition: str) -> str:
        """The alias as a name of `definition`: a bare alias takes the definition's
        qualifier (`alias_method :unescape, :unencode` in `URI`: `URI.unescape`)."""
        if "." in self.name or "." not in definition:
            return self.name
        return f"{definition.rsplit('.', 1)[0]}.{self.name}"


_TYPEDEF = re.compile(r"\btypedef\s+(?:struct|union|enum)\s+(\w+)\s+(\w+)\s*;")


def typedef_targets(conn: apsw.Connection, ids: Iterable[int], key: str) -> list[Alias]:
    """For the C typedefs among `ids` that give a struct, union or enum the name whose
    key is `key` (`typedef struct X Y;`): Y, standing for X. Y's fields are X's, written
    elsewhere (a public header names a private struct), so X's definition is what a
    search for Y wants; the typedef itself is a declaration."""
    return list(dict.fromkeys(
        Alias(alias, symbol_key(target))
        for text, _, _ in _texts(conn, ids, "('c', 'cpp')", "declaration")
        for target, alias in _TYPEDEF.findall(text) if symbol_key(alias) == key))


# (alias, target) on a line of their own. JavaScript/TypeScript: `A.b = c;`, `const b =
# c;`; Python: `b = c`; Ruby: `alias_method :b, :c`, `alias b c`.
_JS_ALIAS = re.compile(
    r"^[ \t]*(?:(?:var|let|const)[ \t]+)?([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)"
    r"[ \t]*=[ \t]*([A-Za-z_$][\w$]*)[ \t]*;?[ \t]*$", re.MULTILINE)
_PYTHON_ALIAS = re.compile(
    r"^[ \t]*([A-Za-z_]\w*)[ \t]*=[ \t]*([A-Za-z_]\w*)[ \t]*(?:#.*)?$", re.MULTILINE)
_RUBY_ALIAS = re.compile(
    r"^[ \t]*(?:alias_method[ \t(]+:?[\"']?([\w?!=]+)[\"']?[ \t]*,[ \t]*:?[\"']?([\w?!=]+)"
    r"|alias[ \t]+:?([\w?!=]+)[ \t]+:?([\w?!=]+))", re.MULTILINE)
_WRITTEN: dict[str, re.Pattern[str]] = {
    "javascript": _JS_ALIAS, "typescript": _JS_ALIAS, "tsx": _JS_ALIAS,
    "python": _PYTHON_ALIAS, "ruby": _RUBY_ALIAS,
}
_WRITTEN_IN = "(" + ",".join(f"'{language}'" for language in _WRITTEN) + ")"
# Values, not names of code.
_NOT_NAMES = frozenset({"true", "false", "null", "undefined", "this", "none", "self", "nil",
                        "nan", "infinity"})


def written_aliases(conn: apsw.Connection, ids: Iterable[int], key: str) -> list[Alias]:
    """The aliases whose name's key is `key` written in the snippets `ids` (those
    retrieval found by their words: an alias line holds the name)."""
    found: list[Alias] = []
    for text, language, file_id in _texts(conn, ids, _WRITTEN_IN):
        for groups in _WRITTEN[language].findall(text):
            alias, target = [g for g in groups if g][:2]
            target_key = symbol_key(target)
            if (symbol_key(alias.rsplit(".", 1)[-1]) == key and target_key != key
                    and target.lower() not in _NOT_NAMES):
                found.append(Alias(alias, target_key, file_id))
    return list(dict.fromkeys(found))


def _texts(conn: apsw.Connection, ids: Iterable[int], languages: str, kind: str = ""
           ) -> list[tuple[str, str, int]]:
    """(text, language, file id) of the snippets `ids` in `languages` (an SQL list), of
    `kind` if given."""
    listed = ",".join(map(str, ids))
    if not listed:
        return []
    return conn.execute(
        "SELECT text, language, file_id FROM chunks "
        f"WHERE id IN ({listed}) AND language IN {languages} AND (? = '' OR kind = ?)",
        (kind, kind)).fetchall()
