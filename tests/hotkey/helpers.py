"""Helpers for the hotkey tests: a real X server, xdotool, and the app as a user runs it."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from app.gui.quick_popup import TITLE
from tests.conftest import REPO, Run
from tests.polling import wait_for

# The app starts a model on 2 cores shared with other jobs: be patient.
START_TIMEOUT = 120.0
MAIN_TITLE = "Kenning"


@dataclass
class Desktop:
    """One test's user session on the X server: its own settings, index, socket folder."""

    env: dict[str, str]
    editor_log: Path
    apps: list[subprocess.Popen[str]] = field(default_factory=list)

    def xdotool(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True,
                              timeout=30)
        if check and proc.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {proc.stderr}")
        return proc.stdout.strip()

    def visible(self, title: str) -> list[str]:
        """Ids of the mapped windows titled exactly `title`."""
        out = self.xdotool("search", "--onlyvisible", "--name", f"^{title}$", check=False)
        return out.split()

    def focused_title(self) -> str:
        return self.xdotool("getwindowfocus", "getwindowname", check=False)

    def popup_visible(self) -> bool:
        return bool(self.visible(TITLE))

    def wait_popup(self, shown: bool, timeout: float = 30.0) -> None:
        wait_for(lambda: self.popup_visible() == shown,
                 f"the quick-search popup to be {'shown' if shown else 'hidden'}", timeout)

    def kenning(self, *args: str, timeout: float = 60) -> Run:
        """Run a `kenning` command in this session and wait for it."""
        proc = subprocess.run([sys.executable, "-m", "app", *args], env=self.env, cwd=REPO,
                              capture_output=True, text=True, timeout=timeout)
        return Run(proc.returncode, proc.stdout, proc.stderr)

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start `kenning ARGS` in the background (the app, if none runs)."""
        app = subprocess.Popen([sys.executable, "-m", "app", *args], env=self.env, cwd=REPO,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.apps.append(app)
        return app

    def launch(self, command: str, title: str) -> subprocess.Popen[str]:
        """Start the app with `kenning COMMAND`; wait until a window `title` is up."""
        app = self.start(command)
        wait_for(lambda: self.visible(title) or app.poll() is not None,
                 f"the window {title!r}", START_TIMEOUT)
        assert app.poll() is None, app.communicate()
        return app

    def configure(self, **values: object) -> None:
        """Change settings in this session's settings file (before the app starts)."""
        path = Path(self.env["KENNING_CONFIG_DIR"]) / "settings.json"
        path.write_text(json.dumps({**json.loads(path.read_text()), **values}))

    def editor_calls(self) -> list[list[str]]:
        """The argument lists the editor command was run with, in order."""
        if not self.editor_log.exists():
            return []
        return [line.split("\0") for line in self.editor_log.read_text().splitlines()]

    def stop_all(self) -> None:
        """End every app this session started (gently first), whatever state it is in."""
        for app in self.apps:
            if app.poll() is None:
                app.send_signal(signal.SIGTERM)
        for app in self.apps:
            try:
                app.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                app.kill()
                app.communicate()


def tools_missing() -> list[str]:
    return [tool for tool in ("Xvfb", "xdotool") if shutil.which(tool) is None]
