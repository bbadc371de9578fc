"""Fixtures for the window tests: a real index, real windows, real workers.

Run offscreen: QT_QPA_PLATFORM=offscreen (set here if unset). Every window is
shut down at teardown (search thread joined, indexing process stopped): a
QThread destroyed while running aborts the process.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.engine import EngineConfig
from app.core.settings import CONFIG_ENV, Settings, settings_path
from app.gui.application import application
from app.gui.main_window import MainWindow
from app.gui.theme import ThemeManager
from tests.conftest import run_kenning
from tests.gui.helpers import DEMO, SEARCH_TIMEOUT_MS

MakeWindow = Callable[..., MainWindow]


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(scope="session")
def kenning_app(qapp: QApplication) -> QApplication:
    """pytest-qt's QApplication, set up the way `kenning gui` sets up its own."""
    return application()


@pytest.fixture(scope="session")
def theme(kenning_app: QApplication) -> Iterator[ThemeManager]:
    yield ThemeManager(kenning_app)


@pytest.fixture(autouse=True)
def _private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test may read or write the user's own settings."""
    folder = tmp_path / "config"
    monkeypatch.setenv(CONFIG_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(folder, db): a copy of the demo project indexed once by `kenning index`."""
    base = tmp_path_factory.mktemp("demo-index")
    folder = base / "demo"
    shutil.copytree(DEMO, folder)
    db = base / "demo.db"
    run = run_kenning(["index", folder, "--db", db])
    assert run.code == 0, run.err
    return folder, db


@pytest.fixture
def demo_db(demo_index: tuple[Path, Path], tmp_path: Path) -> Path:
    """This test's own copy of the demo index (tests may add and remove folders)."""
    db = tmp_path / "index.db"
    shutil.copy(demo_index[1], db)
    return db


@pytest.fixture
def make_window(qtbot: QtBot, theme: ThemeManager) -> Iterator[MakeWindow]:
    """Open real windows on a given index; all are shut down at the end."""
    windows: list[MainWindow] = []

    def make(db: Path, settings: Settings | None = None) -> MainWindow:
        window = MainWindow(EngineConfig(db_path=db), settings or Settings(), theme,
                            settings_path())
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        qtbot.waitUntil(lambda: window.status_seen, timeout=SEARCH_TIMEOUT_MS)
        return window

    yield make
    for window in windows:
        window.shutdown()
    theme.apply("system")
