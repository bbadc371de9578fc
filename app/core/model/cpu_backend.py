"""Load the llama.cpp CPU kernels built for this processor: the best one that runs.

`make setup` builds llama-cpp-python with GGML_BACKEND_DL + GGML_CPU_ALL_VARIANTS:
besides the portable core, it carries one `libggml-cpu-<family>.so` per CPU family
(x64, sse42, …, haswell (AVX2), skylakex and icelake (AVX-512, VNNI), …) and loads
none of them by itself. `kenning bench` (section 1) times the chosen kernels against
the AVX2 ones the portable build had, in the same rounds.

ggml's own choice (`ggml_backend_load_best`: the highest score whose CPUID checks
pass) is not safe to trust: its pick can die with SIGILL, on a VM whose CPUID
reports features the hypervisor does not enable, or from a miscompiled kernel (seen
here: `sapphirerapids`, whose AMX tile configuration GCC 12 compiled away until
packaging/llama_source.py fixed the sources). So Kenning probes: from the highest
score down, each family runs a short embedding in a child process, and the first
that exits cleanly with the same vectors as the portable `x64` kernels is chosen.
The choice is kept per machine and library contents (`cpu-backend.json` in the
cache folder) and loaded by every process before its first model.
`KENNING_CPU_BACKEND=<family>` forces one (benchmarks, diagnosis).

A llama-cpp-python built the usual way (CPU kernels linked in) has no variant
files: nothing is loaded and nothing changes.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import logging
import os
import platform
import signal
import subprocess
import sys
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

import llama_cpp
import numpy as np

from app.core.errors import ModelError
from app.core.paths import cache_dir
from app.core.processes import module_argv

BASELINE = "x64"  # the portable kernels every x86-64 CPU runs: the reference vectors
FORCE_ENV = "KENNING_CPU_BACKEND"
PROBE_MODULE = "app.core.model.cpu_probe"  # the child side of the probe
PROBE_TEXTS = ("def parse_config(path):\n    with open(path) as f:\n        return toml.load(f)",
               "compare two version strings", "retry failed uploads with backoff " * 8)
PROBE_TIMEOUT = 120.0
SAME_VECTORS = 0.999  # min cosine to the baseline: kernels differ in rounding only

_lock = threading.Lock()
_loaded: str | None = None


def library_dir() -> Path:
    return Path(llama_cpp.__file__).parent / "lib"


def kernel_file_name(family: str, system: str = sys.platform) -> str:
    """ggml's file name for a CPU family's kernels (ggml-backend-reg.cpp's naming:
    no "lib" and ".dll" on Windows, "lib…so" elsewhere, macOS included)."""
    return f"ggml-cpu-{family}.dll" if system == "win32" else f"libggml-cpu-{family}.so"


def variants_in(folder: Path, system: str = sys.platform) -> dict[str, Path]:
    """The CPU kernel families whose files are in `folder`, by name."""
    prefix, suffix = kernel_file_name("*", system).split("*")
    return {p.name[len(prefix):-len(suffix)]: p
            for p in sorted(folder.glob(kernel_file_name("*", system)))}


@functools.cache
def variants() -> dict[str, Path]:
    """The CPU kernel families present, by name (empty for a build with them linked in).
    Fixed for the life of the process, like `_key()`: status refreshes read them often."""
    return variants_in(library_dir())


def loaded() -> str | None:
    """The family this process loaded, if any."""
    return _loaded


def recorded() -> str | None:
    """The family chosen on this machine for these libraries, if chosen yet; loads nothing."""
    found = variants()
    if not found:
        return "linked in (no run-time choice)"
    forced = os.environ.get(FORCE_ENV)
    if forced:
        return f"{forced} (forced by {FORCE_ENV})"
    return _read_choice(found)


def ensure_loaded(model_path: Path) -> str | None:
    """Load the chosen CPU kernels into llama.cpp once per process; their family name.

    Must run before the first model is loaded: without a CPU backend llama.cpp has
    no device to run on. Probes (a few seconds, once per machine) if nothing was
    chosen yet.
    """
    global _loaded
    with _lock:
        if _loaded is not None:
            return _loaded
        found = variants()
        if not found:
            return None
        name = os.environ.get(FORCE_ENV) or _chosen(found, model_path)
        if name not in found:
            raise ModelError(f"{FORCE_ENV}={name}: no such llama.cpp CPU backend "
                             f"(have: {', '.join(found)})")
        _load(found[name])
        _loaded = name
        return name


def _ggml() -> ctypes.CDLL:
    """The libggml that libllama was linked against.

    The wheel carries copies, not links (libggml.so, .so.0, .so.0.25.3), and
    llama_cpp._ggml opens another copy: a backend registered there is not seen by
    libllama. Opened by its soname (libggml.so.<major>), dlopen returns the very
    object libllama loaded at `import llama_cpp`.
    """
    names = core_library_names([p.name for p in library_dir().iterdir()])
    if not names:
        raise ModelError(f"no ggml core library in {library_dir()}")
    lib = ctypes.CDLL(names[0] if sys.platform.startswith("linux")
                      else str(library_dir() / names[0]))
    lib.ggml_backend_load.restype = ctypes.c_void_p
    lib.ggml_backend_load.argtypes = [ctypes.c_char_p]
    return lib


def core_library_names(files: list[str], system: str = sys.platform) -> list[str]:
    """The names to open ggml's core library by, best first, among `files`.

    Linux: its soname (libggml.so.<major>), which dlopen matches to the copy
    libllama loaded. Elsewhere the one file (ggml.dll, libggml.dylib).
    """
    if system == "win32":
        return [name for name in files if name == "ggml.dll"]
    if system == "darwin":
        return sorted((name for name in files
                       if name.startswith("libggml.") and name.endswith(".dylib")), key=len)
    return sorted(name for name in files
                  if name.startswith("libggml.so.") and name.count(".") == 2)


def _load(path: Path) -> None:
    # ggml says "loaded CPU backend from ..." through llama-cpp-python's log callback,
    # which prints unless this logger is above INFO (Llama(verbose=False) sets it too).
    logging.getLogger("llama-cpp-python").setLevel(logging.ERROR)
    if not _ggml().ggml_backend_load(str(path).encode()):
        raise ModelError(f"llama.cpp could not load its CPU backend {path}")


def score(path: Path) -> int:
    """ggml's own rating of a family on this CPU: 0 if its CPUID checks fail."""
    lib = ctypes.CDLL(str(path))
    lib.ggml_backend_score.restype = ctypes.c_int
    return int(lib.ggml_backend_score())


@functools.cache
def _key() -> str:
    """Changes with the processor and with the libraries' contents (not with a copy of
    them: a bundled app and the venv it was built from share one choice). Contents,
    not sizes: a rebuilt library of the same size may run where the old one died
    (packaging/llama_source.py). A CRC of the 19 MB of kernels takes ~9 ms."""
    digest = hashlib.sha256()
    digest.update(processor_identity().encode())
    for name, path in variants().items():
        digest.update(f"{name}:{zlib.crc32(path.read_bytes())}".encode())
    return digest.hexdigest()[:16]


def processor_identity(cpuinfo: Path = Path("/proc/cpuinfo")) -> str:
    """What names this processor's features: Linux's CPU flags line, else what the
    platform says (model, family and stepping on Windows; the chip on macOS)."""
    try:
        return next(line for line in cpuinfo.read_text().splitlines()
                    if line.startswith("flags"))
    except (OSError, StopIteration):
        return f"{platform.machine()} {platform.processor()}"


def _record_path() -> Path:
    return cache_dir() / "cpu-backend.json"


def _read_record() -> dict[str, dict]:
    """Choices by key: {key: {"backend": family, "tried": {family: outcome}}}."""
    try:
        record = json.loads(_record_path().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def _read_choice(found: dict[str, Path]) -> str | None:
    entry = _read_record().get(_key())
    backend = entry.get("backend") if isinstance(entry, dict) else None
    return backend if backend in found else None


def _chosen(found: dict[str, Path], model_path: Path) -> str:
    known = _read_choice(found)
    if known is not None:
        return known
    import fcntl  # only reached where the variants exist: Linux builds

    record_path = _record_path()
    try:
        record_path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(record_path.with_suffix(".lock"), "a")  # noqa: SIM115 (held below)
    except OSError:  # a cache folder that cannot be written: choose for this process only
        return probe(found, model_path).name
    # One process probes; the others (the window, its indexing child) wait and read.
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        known = _read_choice(found)
        if known is not None:
            return known
        choice = probe(found, model_path)
        record = {**_read_record(), _key(): {"backend": choice.name, "tried": choice.tried}}
        tmp = record_path.with_suffix(f".{os.getpid()}.tmp")
        try:
            tmp.write_text(json.dumps(record, indent=1), "utf-8")
            tmp.replace(record_path)
        except OSError:  # disk full: the next process probes again
            tmp.unlink(missing_ok=True)
        return choice.name


@dataclass(frozen=True)
class Choice:
    name: str
    tried: dict[str, str]  # family -> what the probe found ("ok", "SIGILL", ...)


def probe(found: dict[str, Path], model_path: Path) -> Choice:
    """The highest-scoring family that embeds in a child process like the baseline."""
    if BASELINE not in found:
        raise ModelError(f"llama.cpp's portable CPU backend {kernel_file_name(BASELINE)} "
                         f"is missing from {library_dir()}")
    reference = _run_child(BASELINE, model_path)
    if isinstance(reference, str):
        raise ModelError(f"llama.cpp's portable CPU backend does not run: {reference}")
    scores = _child_scores([path for name, path in found.items() if name != BASELINE])
    rated = sorted(((scores.get(path.name, 0), name) for name, path in found.items()
                    if name != BASELINE), reverse=True)
    tried = {name: "not for this CPU" for rating, name in rated if rating <= 0}
    for rating, name in rated:
        if rating <= 0:
            break
        result = _run_child(name, model_path)
        if isinstance(result, str):
            tried[name] = result
            continue
        if min(_cosines(result, reference)) < SAME_VECTORS:
            tried[name] = "different vectors"
            continue
        tried[name] = "ok"
        return Choice(name, tried)
    return Choice(BASELINE, tried)


def _child_scores(paths: list[Path]) -> dict[str, int]:
    """ggml's ratings, by file name, taken in one child process (a family's library
    might not even load on this CPU); one child per file if that one dies."""
    def run(batch: list[Path]) -> dict[str, int] | None:
        try:
            proc = subprocess.run(module_argv(PROBE_MODULE, ["score", *map(str, batch)]),
                                  capture_output=True, text=True, timeout=PROBE_TIMEOUT)
            return json.loads(proc.stdout) if proc.returncode == 0 else None
        except (subprocess.TimeoutExpired, ValueError):
            return None

    together = run(paths)
    if together is not None:
        return together
    return {path.name: (run([path]) or {}).get(path.name, 0) for path in paths}


def _run_child(name: str, model_path: Path) -> list[list[float]] | str:
    """The probe texts' vectors under that family, or what went wrong."""
    try:
        proc = subprocess.run(module_argv(PROBE_MODULE, ["embed", str(model_path)]),
                              capture_output=True, text=True, timeout=PROBE_TIMEOUT,
                              env={**os.environ, FORCE_ENV: name})
    except subprocess.TimeoutExpired:
        return "timed out"
    if proc.returncode < 0:
        return _signal_name(-proc.returncode)
    if proc.returncode != 0:
        return f"exit {proc.returncode}"
    try:
        return json.loads(proc.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return "no output"


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _cosines(a: list[list[float]], b: list[list[float]]) -> list[float]:
    x, y = np.asarray(a), np.asarray(b)
    return list((x * y).sum(axis=1) / (np.linalg.norm(x, axis=1) * np.linalg.norm(y, axis=1)))
