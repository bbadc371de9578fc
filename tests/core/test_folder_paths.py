"""Paths below a folder, with POSIX and Windows separators, on any machine."""

from __future__ import annotations

import pytest

from app.core.store.folder_paths import folder_prefix, prefix_range, rebase

WINDOWS = "\\"


@pytest.mark.parametrize(("folder", "sep", "prefix"), [
    ("/code/app", "/", "/code/app/"),
    ("/code/app/", "/", "/code/app/"),
    ("/", "/", "/"),
    ("C:\\code\\app", WINDOWS, "C:\\code\\app\\"),
    ("C:\\code\\app\\", WINDOWS, "C:\\code\\app\\"),
    ("C:/code/app/", WINDOWS, "C:/code/app\\"),
    ("C:\\", WINDOWS, "C:\\"),
    # A backslash is an ordinary character in a POSIX file name.
    ("/code/odd\\", "/", "/code/odd\\/"),
])
def test_folder_prefix(folder: str, sep: str, prefix: str) -> None:
    assert folder_prefix(folder, sep) == prefix


@pytest.mark.parametrize(("sep", "folder", "inside", "outside"), [
    ("/", "/code/app", ["/code/app/a.py", "/code/app/sub/b.py"],
     ["/code/app", "/code/app-2/a.py", "/code/app0/a.py", "/code/apple.py", "/code/a.py"]),
    (WINDOWS, "C:\\code\\app", ["C:\\code\\app\\a.py", "C:\\code\\app\\sub\\b.py"],
     ["C:\\code\\app", "C:\\code\\app-2\\a.py", "C:\\code\\app]\\a.py", "C:\\code\\apple.py",
      "C:\\code\\a.py", "D:\\code\\app\\a.py"]),
])
def test_prefix_range_holds_exactly_the_paths_below(sep: str, folder: str, inside: list[str],
                                                    outside: list[str]) -> None:
    low, high = prefix_range(folder, sep)
    assert all(low < path < high for path in inside)
    assert not any(low < path < high for path in outside)


def test_rebase_with_either_separator() -> None:
    assert rebase("/code/old/sub/a.py", "/code/old", "/code/new/") == "/code/new/sub/a.py"
    assert (rebase("C:\\code\\old\\sub\\a.py", "C:\\code\\old\\", "D:\\new", WINDOWS)
            == "D:\\new\\sub\\a.py")
    with pytest.raises(ValueError, match="not below"):
        rebase("C:\\code\\older\\a.py", "C:\\code\\old", "D:\\new", WINDOWS)
