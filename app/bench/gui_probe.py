"""Child process of the start-up section: the main window, timed from the outside in.

`python -m app.bench.gui_probe DB MODEL QUERY STARTED` builds the window the
way `kenning gui` does (offscreen unless QT_QPA_PLATFORM says otherwise),
and prints one JSON line: seconds from STARTED (the parent's time.time() when
it started this process) to the window being exposed, to the first results of
QUERY typed into it, and its RSS then. Only ever run as a child: it imports Qt.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from app.core.memory import resident_mb


def main() -> int:
    db, model, query, started = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from app.core.background import settle
    from app.core.engine import EngineConfig
    from app.core.settings import load_settings, settings_path
    from app.gui.application import application
    from app.gui.main_window import MainWindow
    from app.gui.theme import ThemeManager

    app = application()
    settings = load_settings()
    theme = ThemeManager(app)
    theme.apply(settings.theme)
    window = MainWindow(EngineConfig(db_path=Path(db), model_path=Path(model)), settings, theme,
                        settings_path())
    window.show()
    deadline = time.monotonic() + 60
    while not (window.windowHandle() and window.windowHandle().isExposed()):
        app.processEvents(QEventLoop.AllEvents, 5)
        if time.monotonic() > deadline:
            raise SystemExit("the window was never exposed")
    visible = time.time() - started
    before_search = resident_mb()
    got: list[float] = []
    loop = QEventLoop()
    typed = time.time()

    def on_results(response: object) -> None:
        got.append(time.time())
        loop.quit()

    window.searches.results.connect(on_results)
    window.search_bar.query.setText(query)
    QTimer.singleShot(120_000, loop.quit)
    loop.exec()
    settle()  # the in-memory indexes' background builds: RSS once they are done
    print(json.dumps({"visible_s": visible, "results_s": (got[0] - typed) if got else None,
                      "rss_idle_mb": before_search, "rss_mb": resident_mb(),
                      "peak_rss_mb": resident_mb("VmHWM")}),
          flush=True)
    window.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
