"""Bad model files give one clear ModelError naming the file, never a crash.

Each case runs in a fresh interpreter, so a C-level abort would show up as a
failed exit status instead of taking the test session down.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import gguf
import pytest

from app.core import paths

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from pathlib import Path
from app.core.errors import ModelError
from app.core.model.embedder import Embedder
try:
    Embedder(Path(sys.argv[1]))
except ModelError as exc:
    print(exc)
    sys.exit(0)
print("loaded without error")
sys.exit(3)
"""


def write_gguf(path: Path, arch: str, extra: Callable[[gguf.GGUFWriter], None]) -> None:
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_context_length(512)
    extra(writer)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()


def missing(tmp: Path, model: Path) -> Path:
    return tmp / "missing.gguf"


def text_file(tmp: Path, model: Path) -> Path:
    path = tmp / "notes.gguf"
    path.write_text("These are my notes, not a model.\n" * 20)
    return path


def directory(tmp: Path, model: Path) -> Path:
    path = tmp / "folder.gguf"
    path.mkdir()
    return path


def truncated_data(tmp: Path, model: Path) -> Path:
    path = tmp / "half.gguf"
    path.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    return path


def truncated_header(tmp: Path, model: Path) -> Path:
    path = tmp / "head.gguf"
    path.write_bytes(model.read_bytes()[:4096])
    return path


def decoder_without_pooling(tmp: Path, model: Path) -> Path:
    path = tmp / "decoder.gguf"
    write_gguf(path, "llama", lambda w: w.add_block_count(1))
    return path


def bert_without_weights(tmp: Path, model: Path) -> Path:
    path = tmp / "empty-bert.gguf"
    write_gguf(path, "bert", lambda w: w.add_pooling_type(gguf.PoolingType.MEAN))
    return path


@pytest.mark.parametrize("make_bad_file", [
    missing, text_file, directory, truncated_data, truncated_header,
    decoder_without_pooling, bert_without_weights,
])
def test_bad_model_file_gives_model_error_naming_it(
    make_bad_file: Callable[[Path, Path], Path], model_path: Path, tmp_path: Path,
    data_dir: Path,
) -> None:
    bad = make_bad_file(tmp_path, model_path)
    proc = subprocess.run([sys.executable, "-c", PROBE, str(bad)], cwd=REPO,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, paths.DATA_ENV: str(data_dir)})
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and str(bad) in lines[0], proc.stdout
