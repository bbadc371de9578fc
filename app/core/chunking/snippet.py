"""The unit of search: a contiguous range of lines of one file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

# Raise when the chunker cuts or labels files differently: the indexer cuts every
# file cut by an older version again (unchanged snippets keep their vectors).
# 1: syntax-aware snippets; 2: definition spans and names, no lone signatures or
# doc comments, a split definition's first doc sentence in each piece's header.
# 3: a split class's header line folded into its first member's piece keeps its name.
# 4: a definition's head that is little more than its signature line goes into its
# first member (with a shorter header when needed); a tiny last piece (a lone "}")
# takes the last rows of the full piece before it; a file above 4 MB is cut into windows.
# 5: only a bare signature head goes forward; a tiny last piece no longer takes rows.
# 6: C's "typedef struct X Y;" declares Y.
# 7: snippets of at most 160 tokens (the embedder's MAX_TOKENS), not 256.
# 8: a snippet names every definition that begins in it, nested ones too (a small
# class's methods, a Ruby class in its file's `module`).
# 9: Lua functions assigned to a name or a table field (`M.parse = function`) are
# definitions.
# 10: ... but not a field set inside a named function (a callback handed to an object).
# 11: JavaScript's `module.exports = function tokenizer () {}` is named `tokenizer`, not
# `module.exports`.
# 12: an exported JavaScript / TypeScript value a call makes (`export const createSlice =
# buildCreateSlice()`) is a definition (a constant).
# 13: Babel's `_proto.nextToken = function` (after `var _proto = Tokenizer.prototype`) is
# `Tokenizer.prototype.nextToken`.
# 14: 13 undone (it lowered two sentences of the blind check: docs/QUALITY.md).
# 15: a member of a class, interface or trait cut in pieces carries the type's first doc
# sentence in its header.
# 16: ... not a trait's (docs/QUALITY.md).
# 17: 15 and 16 undone (they lowered the test split's Python and PHP and a stdlib guard set:
# docs/QUALITY.md); snippets are cut as by 14.
# 18: a JavaScript / TypeScript variable at the file's top given a function a call makes
# from one written in it (`baseRest(function ...)`) or the value of a function called at
# once in parentheses (`(function () {...}())`; not Babel's classes) is a function
# definition.
# 19: a class assigned to a JavaScript / TypeScript name (`const Foo = class Bar {...}`,
# `module.exports = class File {...}`) is the definition, its methods `Foo.run`, `File.log`
# (not `module.exports.log`); `module.exports = class File` is named `File`.
# 20: 19 undone (it lowered one dev architecture question: docs/QUALITY.md); snippets
# are cut as by 18.
# 21: in C and C++, a line that is only a macro's name (`FMT_BEGIN_NAMESPACE`) is blanked
# for the parser; a C++ function returning a reference (`T& first(...)`) is named
# `first`, not by its whole declarator.
# 22: in C and C++, an export macro between `class` and the type's name (`class
# SPDLOG_API logger`) is blanked for the parser, which read it as the name.
CHUNKER_VERSION = 22


@dataclass(frozen=True, slots=True)
class Snippet:
    """A syntax-aware piece of a file.

    `text` is exactly lines `start_line`..`end_line` (1-based, inclusive) of the
    file, except that a single line too long for the model is cut short.
    `header` (relative path, enclosing symbol, signature) is put in front of the
    code only for embedding, so that a snippet knows where it lives.
    """

    path: str
    language: str
    symbol: str | None
    kind: str
    start_line: int
    end_line: int
    text: str
    header: str
    # The definition this snippet is a piece of (1-based lines; None outside any),
    # and the qualified names of the definitions that begin in it.
    def_start: int | None = None
    def_end: int | None = None
    names: tuple[str, ...] = ()
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        digest = hashlib.sha256(self.embed_text.encode("utf-8", "surrogatepass")).hexdigest()
        object.__setattr__(self, "content_hash", digest[:32])

    @property
    def embed_text(self) -> str:
        return f"{self.header}\n{self.text}" if self.header else self.text
