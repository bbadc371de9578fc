#!/usr/bin/env bash
# Build the self-contained Linux app: dist/kenning-<version>-linux-<arch>.tar.gz.
#
# Usage: packaging/build_linux.sh PYTHON
#   PYTHON: the interpreter of a venv holding Kenning, its (portable) llama-cpp-python
#   wheel and PyInstaller (`make dist` prepares .venv for this and calls it).
#
# Steps: build the default model (GGUF) into a scratch data dir, freeze the app with
# PyInstaller (packaging/kenning.spec), then lay out the archive: the one-folder app,
# install.sh, uninstall.sh, the .desktop file and the icons.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${1:?usage: packaging/build_linux.sh PYTHON}

version=$("$PYTHON" -c 'import app; print(app.__version__)')
name="kenning-$version-linux-$(uname -m)"
work=build/dist
stage="$work/$name"
rm -rf "$work/pyinstaller" "$stage"
mkdir -p "$work" dist

echo "building the default model into the bundle"
KENNING_DATA_DIR="$PWD/$work/model-data" "$PYTHON" -m app.core.model.provision >/dev/null

echo "freezing the app (PyInstaller, one folder)"
KENNING_MODEL_DIR="$PWD/$work/model-data/models" "$PYTHON" -m PyInstaller --noconfirm \
    --log-level WARN --distpath "$work/pyinstaller" --workpath "$work/pyinstaller-work" \
    packaging/kenning.spec

mkdir -p "$stage/share/applications" "$stage/share/icons"
mv "$work/pyinstaller/kenning" "$stage/app"
cp packaging/install.sh packaging/uninstall.sh "$stage/"
cp resources/kenning.desktop "$stage/share/applications/"
cp resources/icons/kenning.svg resources/icons/kenning.png "$stage/share/icons/"
echo "$version" >"$stage/VERSION"

tar -C "$work" -czf "dist/$name.tar.gz" "$name"
echo "dist/$name.tar.gz ($(du -h "dist/$name.tar.gz" | cut -f1); unpacked $(du -sh "$stage" | cut -f1))"
