#!/usr/bin/env bash
# Time Kenning's embedder under llama.cpp CPU backends built with other flags.
#
#   bench/compare_builds.sh NAME "CMAKE FLAGS" [NAME "CMAKE FLAGS"]...
#
# For each NAME: compiles only libggml-cpu of the vendored llama.cpp (the part the
# flags change; ~2.5 min on 2 shared cores, against ~15 min for a whole wheel),
# makes a virtual environment /tmp/kenning-build-NAME that reuses this one's
# packages but has its own llama-cpp-python with that library, then runs
#   kenning bench --only embedding --engine-python NAME=/tmp/kenning-build-NAME/bin/python ...
# so every variant is timed in the same interleaved rounds as the shipped build
# and the ONNX Runtime peer. Build times go to stderr. Needs cmake and a C++ compiler.
set -euo pipefail
[ $# -ge 2 ] && [ $(($# % 2)) -eq 0 ] || { sed -n 2,12p "$0"; exit 2; }
PY=${PYTHON:-python3}
VERSION=$("$PY" -c 'import importlib.metadata as m; print(m.version("llama-cpp-python"))')
SITE=$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
WORK=${WORK:-/tmp/kenning-builds}
mkdir -p "$WORK"
if [ ! -d "$WORK/src" ]; then
    "$PY" -m pip download --no-deps --no-binary :all: -d "$WORK" "llama-cpp-python==$VERSION"
    mkdir -p "$WORK/src" && tar -xzf "$WORK"/llama_cpp_python-"$VERSION".tar.gz -C "$WORK/src" --strip-components=1
fi
ARGS=()
while [ $# -gt 0 ]; do
    name=$1 flags=$2; shift 2
    start=$(date +%s)
    # shellcheck disable=SC2086
    cmake -S "$WORK/src/vendor/llama.cpp" -B "$WORK/build-$name" -DCMAKE_BUILD_TYPE=Release \
        -DBUILD_SHARED_LIBS=ON -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \
        -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_OPENSSL=OFF \
        -DLLAMA_CURL=OFF -DGGML_NATIVE=OFF $flags > "$WORK/build-$name.log"
    cmake --build "$WORK/build-$name" --target ggml-cpu -j "$(nproc)" >> "$WORK/build-$name.log"
    echo "$name: libggml-cpu built in $(( $(date +%s) - start )) s ($flags)" >&2
    env=/tmp/kenning-build-$name
    rm -rf "$env" && "$PY" -m venv "$env"
    envsite=$("$env/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
    cp -r "$SITE/llama_cpp" "$envsite/"
    echo "$SITE" > "$envsite/zz-kenning-base.pth"   # everything else from this environment
    for lib in "$envsite"/llama_cpp/lib/libggml-cpu.so*; do
        cp -L "$WORK/build-$name/bin/libggml-cpu.so" "$lib"
    done
    ARGS+=(--engine-python "$name=$env/bin/python")
done
exec "$PY" -m app bench --only embedding "${ARGS[@]}" --out "${OUT:-$WORK/BENCHMARKS-builds.md}"
