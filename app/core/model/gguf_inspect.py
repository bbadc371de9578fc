"""Check a GGUF file in Python before llama.cpp sees it.

llama.cpp reports some bad inputs only on stderr, and aborts the process on
others; everything that can be detected from the header is detected here and
raised as a ModelError naming the file. This walks the header directly:
`gguf.GGUFReader` builds numpy views of every metadata array and takes about a
second on the default model; this takes a few milliseconds.
"""

from __future__ import annotations

import functools
import mmap
import os
import stat
import struct
from dataclasses import dataclass
from pathlib import Path

import gguf

from app.core.errors import ModelError

_V = gguf.GGUFValueType
_SCALARS = {
    _V.UINT8: "<B", _V.INT8: "<b", _V.UINT16: "<H", _V.INT16: "<h",
    _V.UINT32: "<I", _V.INT32: "<i", _V.FLOAT32: "<f", _V.BOOL: "<?",
    _V.UINT64: "<Q", _V.INT64: "<q", _V.FLOAT64: "<d",
}
# Pooling types that turn per-token states into one vector per sequence.
_SEQUENCE_POOLING = {gguf.PoolingType.MEAN, gguf.PoolingType.CLS, gguf.PoolingType.LAST}


@dataclass(frozen=True, slots=True)
class ModelInfo:
    architecture: str
    pooling: gguf.PoolingType
    context_length: int


class _Truncated(Exception):
    pass


class _Cursor:
    """Little-endian reads from a buffer; running past its end raises _Truncated."""

    def __init__(self, buf: mmap.mmap) -> None:
        self.buf = buf
        self.pos = 0

    def unpack(self, fmt: str) -> int | float | bool:
        size = struct.calcsize(fmt)
        if self.pos + size > len(self.buf):
            raise _Truncated
        (value,) = struct.unpack_from(fmt, self.buf, self.pos)
        self.pos += size
        return value

    def skip(self, n: int) -> None:
        self.pos += n
        if self.pos > len(self.buf):
            raise _Truncated

    def string(self) -> bytes:
        n = int(self.unpack("<Q"))
        self.skip(n)
        return self.buf[self.pos - n:self.pos]

    def value(self, vtype: int) -> int | float | bool | bytes | None:
        """One metadata value; arrays are skipped and give None."""
        if vtype == _V.STRING:
            return self.string()
        if vtype == _V.ARRAY:
            item_type = int(self.unpack("<I"))
            count = int(self.unpack("<Q"))
            if item_type in _SCALARS:
                self.skip(count * struct.calcsize(_SCALARS[item_type]))
            elif item_type == _V.STRING:
                for _ in range(count):
                    self.skip(int(self.unpack("<Q")))
            else:
                for _ in range(count):
                    self.value(item_type)
            return None
        if vtype not in _SCALARS:
            raise ValueError(f"unknown metadata type {vtype}")
        return self.unpack(_SCALARS[vtype])


def model_file_stat(path: Path) -> os.stat_result:
    """The model file's stat; ModelError unless it is a readable regular file (a FIFO
    would block an open, `/dev/zero` would never end a hash)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise ModelError(f"Cannot read model file {path}: {exc.strerror or exc}.") from exc
    if not stat.S_ISREG(st.st_mode):
        raise ModelError(f"Model file {path} is not a regular file.")
    return st


def inspect_embedding_model(path: Path) -> ModelInfo:
    """Validate `path` as a complete GGUF embedding model; raise ModelError if it is not.

    Remembered per file version: `kenning index` checks the model before it opens the
    index, and the embedder it then loads asks again."""
    st = model_file_stat(path)
    return _inspect(path, st.st_size, st.st_mtime_ns, st.st_ino)


@functools.lru_cache(maxsize=8)
def _inspect(path: Path, size: int, _mtime_ns: int, _inode: int) -> ModelInfo:
    try:
        with path.open("rb") as f:
            if size < 24:
                raise ModelError(f"Model file {path} is not a GGUF model (too small).")
            with mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as buf:
                metadata, data_end = _read_header(buf)
    except OSError as exc:
        raise ModelError(f"Cannot read model file {path}: {exc.strerror or exc}.") from exc
    except _Truncated:
        raise ModelError(f"Model file {path} is truncated (an incomplete copy?).") from None
    except ValueError as exc:
        raise ModelError(f"Model file {path} is not a valid GGUF model: {exc}.") from None
    if data_end > size:
        raise ModelError(
            f"Model file {path} is truncated: {size} of {data_end} bytes present."
        )
    arch = metadata.get(gguf.Keys.General.ARCHITECTURE)
    if not isinstance(arch, bytes):
        raise ModelError(f"Model file {path} does not name its architecture.")
    architecture = arch.decode("utf-8", "replace")
    pooling = metadata.get(gguf.Keys.LLM.POOLING_TYPE.format(arch=architecture))
    if pooling not in _SEQUENCE_POOLING:
        raise ModelError(
            f"Model file {path} ({architecture}) is not an embedding model: "
            "it declares no mean, CLS or last-token pooling."
        )
    context = metadata.get(gguf.Keys.LLM.CONTEXT_LENGTH.format(arch=architecture))
    if not isinstance(context, int) or context < 3:
        raise ModelError(f"Model file {path} declares no usable context length.")
    return ModelInfo(architecture, gguf.PoolingType(pooling), context)


def _read_header(buf: mmap.mmap) -> tuple[dict[str, int | float | bool | bytes], int]:
    """Scalar and string metadata, and the offset just past the last tensor's data."""
    cur = _Cursor(buf)
    if cur.unpack("<I") != gguf.GGUF_MAGIC:
        raise ValueError("wrong magic number")
    version = cur.unpack("<I")
    if version not in (2, 3):
        raise ValueError(f"unsupported GGUF version {version}")
    n_tensors, n_kv = int(cur.unpack("<Q")), int(cur.unpack("<Q"))
    metadata: dict[str, int | float | bool | bytes] = {}
    for _ in range(n_kv):
        key = cur.string().decode("utf-8", "replace")
        value = cur.value(int(cur.unpack("<I")))
        if value is not None:
            metadata[key] = value
    tensors_end = 0
    for _ in range(n_tensors):
        cur.string()
        n_dims = int(cur.unpack("<I"))
        n_elements = 1
        for _ in range(n_dims):
            n_elements *= int(cur.unpack("<Q"))
        qtype = int(cur.unpack("<I"))
        offset = int(cur.unpack("<Q"))
        try:
            block, type_size = gguf.GGML_QUANT_SIZES[gguf.GGMLQuantizationType(qtype)]
        except (ValueError, KeyError):
            raise ValueError(f"unknown tensor type {qtype}") from None
        tensors_end = max(tensors_end, offset + n_elements // block * type_size)
    alignment = metadata.get(gguf.Keys.General.ALIGNMENT, gguf.GGUF_DEFAULT_ALIGNMENT)
    if not isinstance(alignment, int) or alignment <= 0:
        raise ValueError("invalid alignment")
    data_start = -(-cur.pos // alignment) * alignment
    return metadata, data_start + tensors_end
