"""Which language a file is written in, named after its tree-sitter grammar.

`detect_language` looks at the file name first (extension, or a few well-known
names such as ``Makefile``) and then, for files without a telling name, at a
``#!`` line in `head`.  The names it returns are grammar names of
``tree-sitter-language-pack`` (``"python"``, ``"bash"``, ``"cpp"``, ...), so the
chunker can load the grammar with them directly; `grammar_name` turns the few
friendlier aliases (``"shell"``, ``"c++"``, ...) into grammar names too.
"""

from __future__ import annotations

import os
import re

# Extension (lower-cased, without the dot) -> grammar name.
_EXTENSIONS: dict[str, str] = {
    "py": "python", "pyi": "python", "pyw": "python",
    "js": "javascript", "mjs": "javascript", "cjs": "javascript", "jsx": "javascript",
    "ts": "typescript", "mts": "typescript", "cts": "typescript",
    "tsx": "tsx",
    "go": "go",
    "rs": "rust",
    "java": "java",
    "c": "c", "h": "c",
    "cc": "cpp", "cpp": "cpp", "cxx": "cpp", "c++": "cpp",
    "hpp": "cpp", "hh": "cpp", "hxx": "cpp", "h++": "cpp", "ipp": "cpp", "inl": "cpp",
    "cs": "csharp",
    "rb": "ruby", "rake": "ruby", "gemspec": "ruby",
    "php": "php", "phtml": "php",
    "kt": "kotlin", "kts": "kotlin",
    "swift": "swift",
    "sh": "bash", "bash": "bash", "zsh": "bash", "ksh": "bash",
    "lua": "lua",
    "scala": "scala", "sc": "scala",
    # Cheap extras: a grammar is bundled, so the chunker can at least cut
    # along top-level syntax even without a definition table for them.
    "m": "objc", "mm": "objc",
    "cu": "cuda", "cuh": "cuda",
    "dart": "dart",
    "ex": "elixir", "exs": "elixir",
    "erl": "erlang", "hrl": "erlang",
    "hs": "haskell",
    "ml": "ocaml", "mli": "ocaml_interface",
    "clj": "clojure", "cljs": "clojure", "cljc": "clojure", "edn": "clojure",
    "el": "elisp",
    "jl": "julia",
    "r": "r",
    "zig": "zig",
    "nim": "nim",
    "groovy": "groovy", "gradle": "groovy",
    "fs": "fsharp", "fsx": "fsharp",
    "elm": "elm",
    "vue": "vue",
    "svelte": "svelte",
    "sql": "sql",
    "html": "html", "htm": "html",
    "css": "css", "scss": "scss",
    "json": "json",
    "yaml": "yaml", "yml": "yaml",
    "toml": "toml",
    "proto": "proto",
    "graphql": "graphql", "gql": "graphql",
    "tf": "hcl", "hcl": "hcl",
    "cmake": "cmake",
    "mk": "make",
    "ps1": "powershell",
    "fish": "fish",
    "vim": "vim",
    "nix": "nix",
    "sol": "solidity",
    "v": "verilog", "sv": "verilog",
    "vhd": "vhdl", "vhdl": "vhdl",
    "xml": "xml",
    "bzl": "starlark", "star": "starlark",
}

# Exact file names (lower-cased) that say nothing through their extension.
_FILENAMES: dict[str, str] = {
    "makefile": "make", "gnumakefile": "make",
    "dockerfile": "dockerfile", "containerfile": "dockerfile",
    "cmakelists.txt": "cmake",
    "gemfile": "ruby", "rakefile": "ruby", "podfile": "ruby", "vagrantfile": "ruby",
    "build": "starlark", "build.bazel": "starlark", "workspace": "starlark",
    ".bashrc": "bash", ".bash_profile": "bash", ".profile": "bash", ".zshrc": "bash",
    "pkgbuild": "bash",
}

# Interpreter named on a "#!" line -> grammar name.
_INTERPRETERS: dict[str, str] = {
    "sh": "bash", "bash": "bash", "dash": "bash", "zsh": "bash", "ksh": "bash", "ash": "bash",
    "python": "python", "pypy": "python",
    "node": "javascript", "nodejs": "javascript", "deno": "typescript", "bun": "javascript",
    "ruby": "ruby", "php": "php", "lua": "lua", "luajit": "lua",
    "rscript": "r", "julia": "julia", "fish": "fish",
}

# Friendlier names a caller may use instead of the grammar's own.
_ALIASES: dict[str, str] = {
    "shell": "bash", "sh": "bash", "zsh": "bash",
    "py": "python", "python3": "python",
    "js": "javascript", "jsx": "javascript", "node": "javascript",
    "ts": "typescript",
    "c++": "cpp", "cxx": "cpp",
    "c#": "csharp", "cs": "csharp", "c_sharp": "csharp",
    "golang": "go", "rs": "rust", "rb": "ruby", "kt": "kotlin",
}

# Every grammar this module can name.  The chunker parses with no other: some
# bundled grammars crash the process on odd input (markdown, perl), and these
# were fuzzed.
KNOWN_GRAMMARS = frozenset({*_EXTENSIONS.values(), *_FILENAMES.values(), *_INTERPRETERS.values()})

_SHEBANG = re.compile(r"^#!\s*(\S+)(?:\s+(.*))?")
_VERSION_SUFFIX = re.compile(r"[\d.]+$")


def detect_language(path: str, head: str | None = None) -> str | None:
    """The grammar name for `path`, or None when the file's language is unknown.

    `head` is the start of the file (a few hundred characters are enough); it is
    only looked at when the name alone does not tell, for a ``#!`` line.
    """
    name = os.path.basename(path.replace("\\", "/")).lower()
    by_name = _FILENAMES.get(name)
    if by_name:
        return by_name
    stem, dot, ext = name.rpartition(".")
    if dot and stem:
        by_ext = _EXTENSIONS.get(ext)
        if by_ext:
            return by_ext
    return _from_shebang(head) if head else None


def grammar_name(language: str | None) -> str | None:
    """The tree-sitter grammar for a language name or one of its common aliases."""
    if not language:
        return None
    lowered = language.lower()
    return _ALIASES.get(lowered, lowered)


def _from_shebang(head: str) -> str | None:
    match = _SHEBANG.match(head.lstrip("\ufeff"))
    if not match:
        return None
    program = match.group(1).rsplit("/", 1)[-1]
    if program == "env":
        # "#!/usr/bin/env -S python3 -u": the first word that is not an option.
        words = [w for w in (match.group(2) or "").split() if not w.startswith("-")]
        if not words:
            return None
        program = words[0].rsplit("/", 1)[-1]
    program = _VERSION_SUFFIX.sub("", program.lower()).rstrip("-") or program.lower()
    return _INTERPRETERS.get(program)
