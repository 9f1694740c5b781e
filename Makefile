# ipcompare: developer and job entry points (GNU make).
#
#   make test      create .venv, install the package with its test tools, run ruff,
#                  lint-imports (the stage layers) and pytest
#   make reports   run the main job (ipcompare build) into reports/
#   make lab       open JupyterLab on notebooks/ with the project's kernel
#
# Variables: VENV (virtual environment, default .venv), PYTHON (3.11+ interpreter used to
# create it), PYTEST_ARGS, BUILD_ARGS, LAB_ARGS, BENCH_ARGS (extra arguments).

VENV ?= .venv
PYTHON ?= python3
PYTEST_ARGS ?=
BUILD_ARGS ?=
LAB_ARGS ?=
BENCH_ARGS ?=

SHELL := /bin/bash
.SHELLFLAGS := -e -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

VENV_PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LINT_PATHS := $(wildcard src tests benchmarks deploy)
KERNEL_NAME := ipcompare
KERNEL_DISPLAY := Python (ipcompare)
BROWSER_PACKAGES := chromium fonts-noto-cjk

# The pip configuration of some machines names file:// indexes that do not exist there; pip
# then warns "WARNING: Location '...' is ignored" for every package. Drop those lines only
# (grep exits 1 when it prints nothing: that is not an error).
PIP_FILTER := { grep -v -E "^WARNING: Location '[^']*' is ignored" || [ $$? -eq 1 ]; }

.PHONY: help install test lint reports lab bench browser screenshots clean distclean

help:
	@echo "Targets:"
	@echo "  make install    create $(VENV) (Python 3.11+) and install ipcompare with its test tools"
	@echo "  make test       make lint, then pytest (PYTEST_ARGS='...' passes arguments)"
	@echo "  make lint       ruff check src tests benchmarks deploy; lint-imports (the stage layers)"
	@echo "  make reports    run the main job: $(VENV)/bin/ipcompare build (BUILD_ARGS='...')"
	@echo "  make lab        JupyterLab on notebooks/ with the 'Python (ipcompare)' kernel"
	@echo "  make bench      run benchmarks/run_all.py"
	@echo "  make browser    install Chromium and CJK fonts with apt-get (root or sudo -n), else skip"
	@echo "  make screenshots  refresh docs/img/*.png (landing page, a profile, a chart) in headless Chromium"
	@echo "  make clean      remove build artefacts, caches and generated reports (keeps $(VENV))"
	@echo "  make distclean  clean, and remove $(VENV)"

install: $(STAMP)

$(STAMP): pyproject.toml
	@if [ ! -x "$(VENV_PY)" ]; then \
	  if ! $(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then \
	    found=$$($(PYTHON) --version 2>&1 || true); \
	    echo "error: ipcompare needs Python 3.11 or newer to create $(VENV); PYTHON=$(PYTHON) is: $${found:-not found}." >&2; \
	    echo "       Install Python 3.11+ or name one, e.g. 'make $(or $(MAKECMDGOALS),install) PYTHON=python3.11'." >&2; \
	    exit 1; \
	  fi; \
	  echo "Creating virtual environment $(VENV) with $$($(PYTHON) --version 2>&1)"; \
	  $(PYTHON) -m venv "$(VENV)"; \
	fi
	@if ! "$(VENV_PY)" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then \
	  echo "error: $(VENV) runs $$("$(VENV_PY)" --version 2>&1); ipcompare needs 3.11+. Run 'make distclean' and retry with PYTHON=python3.11." >&2; \
	  exit 1; \
	fi
	@echo "$(VENV_PY) -m pip install --quiet --upgrade pip"
	@"$(VENV_PY)" -m pip install --quiet --upgrade pip 2>&1 | $(PIP_FILTER)
	@echo "$(VENV_PY) -m pip install -e '.[test,distributed]'"
	@"$(VENV_PY)" -m pip install --progress-bar off -e '.[test,distributed]' 2>&1 | $(PIP_FILTER)
	"$(VENV_PY)" -m ipykernel install --sys-prefix --name $(KERNEL_NAME) --display-name "$(KERNEL_DISPLAY)"
	@touch "$@"

# lint-imports checks the stage layers ([tool.importlinter] in pyproject.toml).
lint: $(STAMP)
	"$(VENV)/bin/ruff" check $(LINT_PATHS)
	"$(VENV)/bin/lint-imports" --no-logo --no-cache

# pytest exits 5 when it collected no tests: that is a failure here, with a message saying so.
test: lint browser
	@echo '$(VENV_PY) -m pytest $(PYTEST_ARGS)'
	@"$(VENV_PY)" -m pytest $(PYTEST_ARGS) || { rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "error: pytest collected no tests (exit code 5)" >&2; fi; \
	  exit $$rc; }

reports: $(STAMP)
	"$(VENV)/bin/ipcompare" build $(BUILD_ARGS)

lab: $(STAMP)
	@mkdir -p notebooks
	"$(VENV)/bin/jupyter" lab --notebook-dir=notebooks $(LAB_ARGS)

bench: $(STAMP)
	@if [ -f benchmarks/run_all.py ]; then \
	  echo "$(VENV_PY) benchmarks/run_all.py $(BENCH_ARGS)"; \
	  "$(VENV_PY)" benchmarks/run_all.py $(BENCH_ARGS); \
	else \
	  echo "bench: benchmarks/run_all.py does not exist yet; nothing to run."; \
	fi

# The README's screenshots: a few reports built into a temporary folder (one at a time), then
# the landing page, the top of Wuhan's profile and its first chart shot by headless Chromium.
screenshots: $(STAMP) browser
	"$(VENV_PY)" tools/screenshots.py --out docs/img

# Chromium (headless rendering of the HTML reports) and a CJK font; Debian package names.
browser:
	@if ! command -v apt-get >/dev/null 2>&1; then \
	  echo "browser: skipped: apt-get not found. Install Chromium and a CJK font (Noto Sans CJK) with your system's package manager."; \
	  exit 0; \
	fi; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else \
	  echo "browser: skipped: not root and 'sudo -n' is not allowed. Run as root: apt-get install $(BROWSER_PACKAGES)"; \
	  exit 0; \
	fi; \
	if dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1; then \
	  echo "browser: $(BROWSER_PACKAGES) already installed."; \
	  exit 0; \
	fi; \
	echo "browser: installing $(BROWSER_PACKAGES) with apt-get"; \
	if $$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	   $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(BROWSER_PACKAGES); then \
	  echo "browser: installed."; \
	else \
	  echo "browser: apt-get could not install $(BROWSER_PACKAGES); the browser tests will be skipped."; \
	fi

clean:
	rm -rf build dist .eggs *.egg-info src/*.egg-info .pytest_cache .ruff_cache .hypothesis .coverage htmlcov
	find . \( -name .git -o -path './$(VENV)' -o -path './.venv' \) -prune -o \
	  \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -exec rm -rf {} +
	@if [ -d reports ]; then find reports -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +; fi

distclean: clean
	rm -rf "$(VENV)"
