"""llama.cpp's CPU kernels: a probe picks a family that runs, every process loads it.

Real libraries, real model, real child processes. Needs the llama-cpp-python that
`make setup` builds (GGML_BACKEND_DL + GGML_CPU_ALL_VARIANTS); skipped elsewhere.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.core.model import cpu_backend
from tests.conftest import REPO, run_kenning

pytestmark = pytest.mark.skipif(not cpu_backend.variants(),
                                reason="llama-cpp-python built with its CPU kernels linked in")

TEXTS = ["def add(a, b):\n    return a + b", "open a socket and send the request"]
EMBED = f"""
import json, sys
from app.core.model import cpu_backend
from app.core.model.embedder import Embedder
vectors = Embedder(sys.argv[1], n_threads=1).embed({TEXTS!r})
print(json.dumps({{"backend": cpu_backend.loaded(), "vectors": vectors.tolist()}}))
"""


def _embed(model: Path, cache: Path, **env: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", EMBED, str(model)], capture_output=True,
                          text=True,
                          cwd=REPO, timeout=300,
                          env={**os.environ, "KENNING_CACHE_DIR": str(cache), **env})
    assert proc.returncode == 0, proc.stderr
    assert "load_backend" not in proc.stderr  # ggml's loading message stays quiet
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_first_use_probes_records_and_embeds_as_the_portable_kernels(model_path: Path,
                                                                      tmp_path: Path) -> None:
    first = _embed(model_path, tmp_path)
    record_file = tmp_path / "cpu-backend.json"
    (record,) = json.loads(record_file.read_text()).values()
    assert first["backend"] == record["backend"]
    assert first["backend"] in cpu_backend.variants()
    if first["backend"] != cpu_backend.BASELINE:
        assert record["tried"][first["backend"]] == "ok"
    # Every family tried above the chosen one was turned down, with the reason.
    assert all(why != "ok" for name, why in record["tried"].items() if name != first["backend"])

    portable = _embed(model_path, tmp_path, **{cpu_backend.FORCE_ENV: cpu_backend.BASELINE})
    assert portable["backend"] == cpu_backend.BASELINE
    a, b = np.asarray(first["vectors"]), np.asarray(portable["vectors"])
    assert np.all((a * b).sum(axis=1) > cpu_backend.SAME_VECTORS)

    written = record_file.stat().st_mtime_ns
    again = _embed(model_path, tmp_path)  # the next process reads the choice, probes nothing
    assert again["backend"] == first["backend"]
    assert record_file.stat().st_mtime_ns == written


def test_a_choice_made_for_another_cpu_is_not_used(model_path: Path, tmp_path: Path) -> None:
    (tmp_path / "cpu-backend.json").write_text(
        json.dumps({"another machine": {"backend": "sse42", "tried": {}}}))
    chosen = _embed(model_path, tmp_path)["backend"]
    record = json.loads((tmp_path / "cpu-backend.json").read_text())
    assert record.pop("another machine")["backend"] == "sse42"  # kept, for that machine
    (mine,) = record.values()
    assert mine["backend"] == chosen


def test_a_library_that_does_not_load_is_passed_over(model_path: Path, tmp_path: Path) -> None:
    broken = tmp_path / "libggml-cpu-broken.so"
    broken.write_bytes(b"\x7fELF" + os.urandom(4096))
    found = {**cpu_backend.variants(), "broken": broken}
    choice = cpu_backend.probe(found, model_path)
    assert choice.tried["broken"] == "not for this CPU"
    assert choice.name in cpu_backend.variants()


def test_an_unknown_forced_family_is_a_clear_error(tmp_path: Path) -> None:
    run = run_kenning(["embed", "hello"], env={cpu_backend.FORCE_ENV: "pentium2",
                                               "KENNING_CACHE_DIR": str(tmp_path)})
    assert run.code == 1
    assert "no such llama.cpp CPU backend" in run.err and "Traceback" not in run.err


def test_a_cache_folder_that_cannot_be_written_only_costs_the_record(model_path: Path,
                                                                    tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    chosen = _embed(model_path, blocker / "cache")["backend"]  # mkdir fails: not a folder
    assert chosen in cpu_backend.variants()


def _amx_usable() -> bool:
    """The processor has AMX-INT8 and the kernel lets this process use its tiles."""
    cpuinfo = Path("/proc/cpuinfo")
    if sys.platform != "linux" or not cpuinfo.exists() or "amx_int8" not in cpuinfo.read_text():
        return False
    import ctypes

    arch_prctl, req_xcomp_perm, xtiledata = 158, 0x1023, 18
    libc = ctypes.CDLL(None, use_errno=True)
    return libc.syscall(ctypes.c_long(arch_prctl), ctypes.c_long(req_xcomp_perm),
                        ctypes.c_long(xtiledata)) == 0


@pytest.mark.skipif(not _amx_usable(), reason="no AMX on this processor")
def test_the_amx_kernels_run_where_the_processor_has_amx(model_path: Path, tmp_path: Path) -> None:
    # Built from sources without packaging/llama_source.py's fix, they die with SIGILL
    # and the probe falls back to kernels half as fast.
    if "sapphirerapids" not in cpu_backend.variants():
        pytest.skip("no sapphirerapids kernels in this build")
    amx = _embed(model_path, tmp_path, **{cpu_backend.FORCE_ENV: "sapphirerapids"})
    portable = _embed(model_path, tmp_path, **{cpu_backend.FORCE_ENV: cpu_backend.BASELINE})
    assert amx["backend"] == "sapphirerapids"
    a, b = np.asarray(amx["vectors"]), np.asarray(portable["vectors"])
    assert np.all((a * b).sum(axis=1) > cpu_backend.SAME_VECTORS)


def test_a_rebuilt_library_of_the_same_size_is_probed_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A fixed build (packaging/llama_source.py) may run where the old one died: the
    # choice recorded for the old libraries must not be read for the new ones.
    copies = {}
    for name, path in cpu_backend.variants().items():
        copies[name] = tmp_path / path.name
        copies[name].write_bytes(path.read_bytes())
    monkeypatch.setattr(cpu_backend, "variants", lambda: copies)
    before = cpu_backend._key.__wrapped__()
    data = bytearray(copies[cpu_backend.BASELINE].read_bytes())
    data[len(data) // 2] ^= 0xFF
    copies[cpu_backend.BASELINE].write_bytes(bytes(data))
    assert cpu_backend._key.__wrapped__() != before
    data[len(data) // 2] ^= 0xFF
    copies[cpu_backend.BASELINE].write_bytes(bytes(data))
    assert cpu_backend._key.__wrapped__() == before  # a copy shares the choice
