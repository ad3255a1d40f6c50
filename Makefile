# Quick start: `make run` (set up, then build a release from raw/) and `make test`.
# Everything installs into .venv/ in this folder from pyproject.toml, pinned by constraints.txt.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
# Prefect's temporary local server: no telemetry (the machine is offline), quiet logs in tests.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: run test test-slow test-fuzz train eval bench bench-peer eval-sentences lock clean help

help:
	@echo "make run        set up .venv and build a release from raw/ into output/"
	@echo "make test       set up .venv with test tools, lint (ruff) and run the test suite"
	@echo "make test-slow  run the slow tests: scale, every kill point and signal, full disk, terminal, dask, deploy, bench"
	@echo "make test-fuzz  run the long property-based (hypothesis) runs"
	@echo "make train      fit the learned models on ../shared/devset's gold into flows/models/ (same bytes each time)"
	@echo "make eval       build the development set and the validation split and print score.py's figures side"
	@echo "                by side: fit, validation, cross-validated by site (JSON in output/eval/devset.json)"
	@echo "make bench      print each stage's throughput on one core, then build releases of generated"
	@echo "                corpora of BENCH_SIZES pages (default: 1000 10000) end to end (JSON in output/);"
	@echo "                BENCH_SIZES=\"1000 10000 100000\" adds the large one"
	@echo "make bench-peer the same corpus of PEER_PAGES pages (default 10000) through our build and a"
	@echo "                datatrove pipeline (own venv in .peer-venv/), with the ratio"
	@echo "make eval-sentences  compare sentence splitters on the seeds' gold set"
	@echo "make lock       regenerate constraints.txt from a fresh install"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e .
	touch $@

# The release page is tested in Debian's Chromium (Playwright's own browser download is not reachable).
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e '.[test]'
	command -v chromium >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q chromium; }
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/aic build --raw raw --output output

test: $(VENV)/.installed-test
	$(BIN)/ruff check flows schemas tests
	$(BIN)/python -m pytest

test-slow: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m slow

test-fuzz: $(VENV)/.installed-test
	$(BIN)/python -m pytest -m fuzz

# Training needs scikit-learn; a build only reads the models' JSON.
$(VENV)/.installed-train: pyproject.toml constraints.txt | $(BIN)/python
	$(PIP) install -c constraints.txt -e '.[train]'
	touch $@

train: $(VENV)/.installed-train
	$(BIN)/python -m flows.learn.train

eval: $(VENV)/.installed-train
	$(BIN)/python -m flows.learn.evaluate $(EVAL_ARGS)

eval-sentences: $(VENV)/.installed
	$(PIP) install -c constraints.txt -e '.[eval]'
	$(BIN)/python tests/eval_sentences.py

BENCH_SIZES ?= 1000 10000
bench: $(VENV)/.installed
	$(BIN)/aic bench --raw raw
	for pages in $(BENCH_SIZES); do \
	  $(BIN)/aic bench --raw raw --pages $$pages --json output/bench-$$pages.json || exit 1; \
	done

# The peer runs in its own environment: datatrove's dependencies stay out of ours. spaCy gives
# datatrove its English word splitter without a model download.
PEER_VENV := .peer-venv
PEER_PAGES ?= 10000
PEER_REPEAT ?= 3
$(PEER_VENV)/.installed:
	$(PYTHON) -m venv $(PEER_VENV)
	$(PEER_VENV)/bin/python -m pip --disable-pip-version-check -q install "datatrove[io,processing]==0.10.1" "spacy>=3.8,<4"
	touch $@

bench-peer: $(VENV)/.installed $(PEER_VENV)/.installed
	$(BIN)/aic bench --raw raw --pages $(PEER_PAGES) --repeat $(PEER_REPEAT) --peer $(PEER_VENV)/bin/python \
	  --json output/bench-peer-$(PEER_PAGES).json

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip -q install -e '.[test,eval]'
	{ echo "# Exact versions for a reproducible install (pip install -c constraints.txt -e .[test])."; \
	  echo "# Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable; } > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(PEER_VENV) .pytest_cache
