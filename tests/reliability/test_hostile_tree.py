"""A hostile tree, built by the test: `kenning index` completes, says what it skipped
and why, and search works.

The tree holds binaries with code names, broken and mixed encodings, a 200 MB
(sparse) file, a 50,000-line file, a 50,000-character line, 200 nested folders,
link loops and links out of the root, unreadable files and folders, names with
newlines, spaces, unicode, markup and invalid UTF-8, empty files and secrets.
It is indexed once through the real CLI (module fixture); each test checks one
promise. Unreadable files need a user that file modes apply to: as root the
run drops CAP_DAC_OVERRIDE (setpriv), else that check is skipped with a reason.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import Run
from tests.reliability.helpers import checked_dump, kenning, without_dac_override

LEAK_WORD = "exfiltratedzebracanary"
UNIQUE = {  # file → a word only its snippets contain
    "good/uploads.py": "retryfailedupload",
    "names/with space.py": "spacedname",
    "names/line\nbreak.py": "newlinedname",
    "names/ünïcødé_文件.py": "unicodename",
    "names/<b>bold</b>&amp;.py": "markupname",
    "encodings/latin1.c": "franccois",
    "encodings/utf16.py": "widetext",
    "big/fifty_k_lines.py": "farawayfunction",
}
EXPECTED_SKIPS = {  # file → how its reason starts
    "binary/payload.py": "binary content",
    "binary/blob.js": "binary content",
    "big/huge.py": "too large",
    "big/minified.js": "minified or generated",
    ".env": "likely secret",
    "keys/id_rsa": "likely secret",
    "names/bad\udcffname.py": "file name is not valid UTF-8",
}
UNREADABLE_SKIPS = {"locked/secret_plans.py": "unreadable: permission denied",
                    "locked_dir": "unreadable folder",
                    "listable_dir": "unreadable folder"}  # read, not enter (no x)


def _function(name: str, word: str) -> str:
    return f"def {name}(items):\n    \"\"\"{word}: add up the items.\"\"\"\n    return sum(items)\n"


def build_hostile_tree(root: Path, outside: Path) -> None:
    def put(rel: str, data: str | bytes) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    put("good/uploads.py", "def retry_failed_upload(client, blob, attempts=3):\n"
        "    \"\"\"retryfailedupload: send the blob again until it goes through.\"\"\"\n"
        "    for _ in range(attempts):\n        if client.put(blob):\n            return True\n"
        "    return False\n")
    for rel, word in UNIQUE.items():
        if rel.startswith("names/"):
            put(rel, _function("named", word))
    put("encodings/latin1.c", "/* franccois: Fran\xe7ois wrote this */\n"
        "int twice(int x) { return 2 * x; }\n".encode("latin-1"))
    put("encodings/utf16.py", _function("wide", "widetext").encode("utf-16"))
    put("encodings/mixed.py", "# caf\u00e9 in UTF-8\n".encode() + b"# caf\xe9 in Latin-1\n"
        + _function("mixed", "mixedencoding").encode())
    put("encodings/broken_utf8.py", b"def broken():\n    return '\xc3\x28 \xa0\xa1'\n")
    put("binary/payload.py", b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64)
    put("binary/blob.js", os.urandom(4096))
    with open(put("big/huge.py", b""), "wb") as handle:  # 200 MB, sparse: no disk used
        handle.truncate(200_000_000)
    put("big/fifty_k_lines.py", "def first():\n    return 1\n" + "\n" * 49_990
        + _function("far_away", "farawayfunction"))
    put("big/minified.js", "var a=[" + ",".join(["1"] * 25_000) + "];\n")
    deep = root / "deep" / "/".join(f"d{i}" for i in range(200))
    deep.mkdir(parents=True)
    (deep / "bottom.py").write_text(_function("bottom", "deepestfolder"))
    put("empty/empty.py", "")
    put("empty/blank.py", "\n\n   \n")
    put(".env", "API_TOKEN=do-not-index-me\n")
    put("keys/id_rsa", "-----BEGIN OPENSSH PRIVATE KEY-----\n")
    put(os.fsdecode(b"names/bad\xffname.py"), _function("bad_name", "invalidname"))
    (outside / "leak.py").write_text(_function("leak", LEAK_WORD))
    (root / "links").mkdir()
    (root / "links" / "loop").symlink_to(root)
    (root / "links" / "self").symlink_to("self")
    (root / "links" / "out").symlink_to(outside)
    (root / "links" / "leak.py").symlink_to(outside / "leak.py")
    (root / "links" / "dangling.py").symlink_to(root / "nowhere.py")
    os.mkfifo(root / "links" / "pipe.py")
    put("locked/secret_plans.py", _function("plans", "lockedword")).chmod(0)
    put("locked_dir/inside.py", _function("inside", "lockeddirword"))
    (root / "locked_dir").chmod(0)
    put("listable_dir/within.py", _function("within", "listablediword"))
    (root / "listable_dir").chmod(0o644)


@dataclass
class HostileRun:
    root: Path
    db: Path
    env: dict[str, str]
    index: Run
    modes_apply: bool  # whether file modes bind the indexing process

    def search(self, queries: list[str], mode: str = "hybrid") -> dict[str, list[dict]]:
        """Each query's results, all run by one `kenning search --stdin`."""
        run = kenning(["search", "--stdin", "--json", "--mode", mode, "-k", "5",
                       "--db", self.db], self.env, stdin="\n".join(queries))
        assert run.code == 0, run.err
        return {line["query"]: line["results"] for line in run.json_lines()}

    def rel(self, result: dict) -> str:
        return Path(result["path"]).relative_to(self.root).as_posix()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, model_file: Path) -> HostileRun:
    base = tmp_path_factory.mktemp("hostile")
    root, outside = base / "root", base / "outside"
    root.mkdir()
    outside.mkdir()
    build_hostile_tree(root, outside)
    env = {"KENNING_DATA_DIR": str(base / "data"), "KENNING_MODEL": str(model_file)}
    prefix = without_dac_override()
    modes_apply = os.geteuid() != 0 or bool(prefix)
    db = base / "index.db"
    try:
        run = kenning(["index", root, "--db", db], env, prefix=prefix)
    finally:
        (root / "locked_dir").chmod(0o700)
        (root / "listable_dir").chmod(0o700)
        (root / "locked" / "secret_plans.py").chmod(0o600)
    return HostileRun(root, db, env, run, modes_apply)


def test_indexing_completes_and_summarises_the_skips(hostile: HostileRun) -> None:
    assert hostile.index.code == 0, hostile.index.err
    assert "Traceback" not in hostile.index.err
    summary = hostile.index.out
    assert summary.startswith("indexed ")
    for reason in ("binary content", "too large", "minified or generated", "likely secret",
                   "file name is not valid UTF-8"):
        assert reason in summary, summary


def test_every_skip_is_recorded_with_its_reason(hostile: HostileRun) -> None:
    status = json.loads(kenning(["status", "--json", "--db", hostile.db], hostile.env).out)
    reasons = {Path(s["path"]).relative_to(hostile.root).as_posix(): s["reason"]
               for s in status["skipped_files"]}
    shown = {rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"): why
             for rel, why in EXPECTED_SKIPS.items()}
    for rel, why in shown.items():
        assert reasons.get(rel, "").startswith(why), (rel, reasons.get(rel))
    unexpected = set(reasons) - set(shown) - set(UNREADABLE_SKIPS)
    assert not unexpected, {r: reasons[r] for r in unexpected}


def test_unreadable_files_and_folders_are_skipped_with_a_reason(hostile: HostileRun) -> None:
    if not hostile.modes_apply:
        pytest.skip("running as root without setpriv: file modes do not bind root")
    status = json.loads(kenning(["status", "--json", "--db", hostile.db], hostile.env).out)
    reasons = {Path(s["path"]).relative_to(hostile.root).as_posix(): s["reason"]
               for s in status["skipped_files"]}
    for rel, why in UNREADABLE_SKIPS.items():
        assert reasons.get(rel, "").startswith(why), (rel, reasons)


def test_index_is_consistent_and_holds_the_readable_files(hostile: HostileRun) -> None:
    dump = checked_dump(hostile.db)
    indexed = {Path(str(f[0])).relative_to(hostile.root).as_posix() for f in dump.files}
    assert set(UNIQUE) | {"encodings/mixed.py", "encodings/broken_utf8.py",
                          "empty/empty.py", "empty/blank.py"} <= indexed
    assert any(rel.endswith("d199/bottom.py") for rel in indexed)
    assert not any(rel.startswith("links/") for rel in indexed), indexed
    assert not any(str(f[0]).startswith(str(hostile.root.parent / "outside"))
                   for f in dump.files)


def test_search_finds_the_good_and_the_oddly_named_files(hostile: HostileRun) -> None:
    query = "retry a failed upload until it succeeds"
    assert hostile.rel(hostile.search([query])[query][0]) == "good/uploads.py"
    found = hostile.search(list(UNIQUE.values()), mode="lexical")
    for rel, word in UNIQUE.items():
        assert [hostile.rel(r) for r in found[word]][:1] == [rel], (word, found[word])
    assert found["farawayfunction"][0]["start_line"] > 49_990  # the 50k-line file's end


def test_nothing_outside_the_root_or_unreadable_leaks_into_the_index(
        hostile: HostileRun) -> None:
    words = [LEAK_WORD, "do-not-index-me", "OPENSSH"]
    if hostile.modes_apply:
        words += ["lockedword", "lockeddirword", "listablediword"]
    assert hostile.search(words, mode="lexical") == {word: [] for word in words}
