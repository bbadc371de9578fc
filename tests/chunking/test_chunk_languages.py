"""Language detection by file name and by "#!" line."""

from __future__ import annotations

import pytest
from tree_sitter_language_pack import get_language

from app.core.chunking.languages import _EXTENSIONS, _FILENAMES, detect_language, grammar_name


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("pkg/mod.py", "python"),
        ("types.pyi", "python"),
        ("web/app.js", "javascript"),
        ("web/app.mjs", "javascript"),
        ("web/app.cjs", "javascript"),
        ("web/App.jsx", "javascript"),
        ("web/app.ts", "typescript"),
        ("web/app.mts", "typescript"),
        ("web/app.cts", "typescript"),
        ("web/App.tsx", "tsx"),
        ("cmd/main.go", "go"),
        ("src/lib.rs", "rust"),
        ("src/Main.java", "java"),
        ("src/util.c", "c"),
        ("include/util.h", "c"),
        ("src/util.cc", "cpp"),
        ("src/util.cpp", "cpp"),
        ("src/util.cxx", "cpp"),
        ("include/util.hpp", "cpp"),
        ("include/util.hh", "cpp"),
        ("include/util.hxx", "cpp"),
        ("src/Program.cs", "csharp"),
        ("lib/thing.rb", "ruby"),
        ("public/index.php", "php"),
        ("app/Main.kt", "kotlin"),
        ("build.gradle.kts", "kotlin"),
        ("Sources/App.swift", "swift"),
        ("bin/run.sh", "bash"),
        ("bin/run.bash", "bash"),
        ("bin/run.zsh", "bash"),
        ("scripts/init.lua", "lua"),
        ("src/Main.scala", "scala"),
        ("SRC/UPPER.PY", "python"),
        ("C:\\work\\tool.go", "go"),
        ("Makefile", "make"),
        ("docker/Dockerfile", "dockerfile"),
        ("Gemfile", "ruby"),
        (".bashrc", "bash"),
        ("notes.txt", None),
        ("README", None),
        (".gitignore", None),
        ("archive.tar.gz", None),
    ],
)
def test_detect_by_name(path, language):
    assert detect_language(path) == language


@pytest.mark.parametrize(
    ("head", "language"),
    [
        ("#!/bin/sh\necho hi\n", "bash"),
        ("#!/bin/bash -e\n", "bash"),
        ("#!/usr/bin/env bash\nset -e\n", "bash"),
        ("#!/usr/bin/env zsh\n", "bash"),
        ("#!/usr/bin/python3\nimport os\n", "python"),
        ("#!/usr/bin/env python3.11\n", "python"),
        ("#!/usr/bin/env -S python3 -u\n", "python"),
        ("#! /usr/bin/env node\n", "javascript"),
        ("\ufeff#!/usr/bin/env ruby\n", "ruby"),
        ("#!/usr/bin/env\n", None),
        ("#!/opt/custom/interpreter\n", None),
        ("echo no shebang\n", None),
        ("", None),
    ],
)
def test_detect_by_shebang(head, language):
    assert detect_language("bin/tool", head) == language


def test_extension_wins_over_shebang():
    assert detect_language("tool.py", "#!/bin/sh\n") == "python"
    assert detect_language("deploy.cgi", "#!/bin/sh\n") == "bash"  # unknown extension


def test_every_detected_language_has_a_bundled_grammar():
    for language in {*_EXTENSIONS.values(), *_FILENAMES.values()}:
        assert get_language(language) is not None


@pytest.mark.parametrize(
    ("alias", "grammar"),
    [("shell", "bash"), ("Python", "python"), ("c++", "cpp"), ("C#", "csharp"), ("go", "go"),
     (None, None), ("", None)],
)
def test_grammar_name_aliases(alias, grammar):
    assert grammar_name(alias) == grammar
