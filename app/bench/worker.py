"""One embedding engine in a process of its own, timed on command.

Every contender runs in its own process so that one llama.cpp or ONNX
Runtime thread pool never competes with another, and so that a llama.cpp
built with other flags can run from another virtual environment (its
interpreter is passed as `python`). The parent drives the rounds.

Protocol (`python -m app.bench.worker SPEC_JSON TEXTS_JSON_FILE`), one line each:
    stdin  "run"        stdout {"seconds": s}   embed every text once, timed
    stdin  "save PATH"  stdout {"saved": PATH}  the last run's vectors, as .npy
    stdin  end of input: exit
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

from app.bench.engines import EngineSpec, load_engine
from app.core.errors import KenningError


class Worker:
    """The parent's handle on one worker process."""

    def __init__(self, spec: EngineSpec, texts_file: Path, python: str | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.spec = spec
        self._proc = subprocess.Popen(
            [python or sys.executable, "-m", "app.bench.worker", json.dumps(spec.to_json()),
             str(texts_file)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **(env or {})}, cwd=Path(__file__).resolve().parents[2])
        self._ask("ready")

    def _ask(self, command: str) -> dict[str, object]:
        assert self._proc.stdin is not None and self._proc.stdout is not None
        try:
            self._proc.stdin.write(command + "\n")
            self._proc.stdin.flush()
        except BrokenPipeError:
            pass
        line = self._proc.stdout.readline()
        if not line:
            err = self._proc.stderr.read() if self._proc.stderr else ""
            raise KenningError(f"bench worker {self.spec.kind} failed: {err.strip()[-800:]}")
        return json.loads(line)

    def run(self) -> float:
        """Seconds to embed every text once."""
        return float(self._ask("run")["seconds"])  # type: ignore[arg-type]

    def vectors(self, path: Path) -> np.ndarray:
        self._ask(f"save {path}")
        return np.load(path)

    def close(self) -> None:
        if self._proc.stdin:
            self._proc.stdin.close()
        try:
            self._proc.wait(30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def _serve(spec: EngineSpec, texts: list[str]) -> None:
    engine = load_engine(spec)
    engine.embed(texts[:4])  # warm up: first-call set-up is not throughput
    vectors = np.zeros((0, 0), dtype=np.float32)
    for line in sys.stdin:
        command, _, arg = line.strip().partition(" ")
        if command == "ready":
            reply: dict[str, object] = {"ready": True}
        elif command == "run":
            start = time.perf_counter()
            vectors = engine.embed(texts)
            reply = {"seconds": time.perf_counter() - start}
        elif command == "save":
            np.save(arg, vectors)
            reply = {"saved": arg}
        else:
            reply = {"error": f"unknown command {command!r}"}
        print(json.dumps(reply), flush=True)


def main() -> int:
    spec = EngineSpec(**json.loads(sys.argv[1]))
    texts = json.loads(Path(sys.argv[2]).read_text("utf-8"))
    _serve(spec, texts)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
