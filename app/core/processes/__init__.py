"""Kenning's own child processes: which modules they are, and how one is started.

From a venv a child is `python -m MODULE ARGS`. A bundled app (PyInstaller, Nuitka)
has no interpreter to hand them to: its executable takes the same `-m MODULE ARGS`
(app/cli/main.py) and calls MODULE.main(ARGS) itself, for these modules only.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

CHILD_MODULES = ("app.core.processes.index_child", "app.core.processes.watch_child",
                 "app.core.model.cpu_probe")


def module_argv(module: str, args: Sequence[str] = ()) -> list[str]:
    """The command line that runs `module` of this installation as a child process."""
    return [sys.executable, "-m", module, *args]
