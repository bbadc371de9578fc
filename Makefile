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
DEMO ?= resources/demo

.PHONY: setup run test lint bench clean distclean

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
	$(PIP) install -e '.[test]'
	$(PY) -m app.core.model.provision
	@touch $@

run: setup
	$(VENV)/bin/kenning gui $(or $(filter-out run,$(MAKECMDGOALS)),$(DEMO))

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check app tests bench

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache

distclean: clean
	rm -rf $(VENV)
