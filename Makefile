# kg-builder: `make run` builds the graph of seeds/ into output/; `make test` runs the tests;
# `make lint` runs ruff and mypy (settings in pyproject.toml). All set up .venv first
# (Python >= 3.10), so they work on a fresh clone. `make train` and `make eval` read the
# evaluation data in ../shared/eval (they say so and stop when it is not there).
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
KG      = $(VENV)/bin/kg
STAMP   = $(VENV)/.installed
SHARED ?= ../shared/eval
MODEL   = kg/extract/models/relations.npz

.PHONY: setup system-deps run test lint bench train eval clean help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)  ## create .venv and install kg-builder with its test extras

system-deps:  ## Debian packages the tests use: rapper (raptor2-utils) and headless Chromium
	@if ! command -v rapper >/dev/null || ! test -x /usr/bin/chromium; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq raptor2-utils chromium >/dev/null; \
	  else \
	    echo "warning: install raptor2-utils and chromium (Debian) for the interop and browser tests" >&2; \
	  fi; \
	fi

run: setup  ## build the graph of seeds/ into output/
	$(KG) build seeds --out output

test: setup system-deps  ## run the test suite
	$(PY) -m pytest -q

lint: setup  ## ruff (kg, tests, bench) and mypy (kg)
	$(PY) -m ruff check kg tests bench eval
	$(PY) -m mypy

bench: setup  ## run the benchmark (see bench/README in bench/RESULTS.md)
	$(PY) bench/run.py

train: setup  ## retrain the shipped relation classifier from $(SHARED) (about 3 minutes)
	@test -d $(SHARED)/dev/gold || { echo "make train: no evaluation data at $(SHARED); nothing trained." >&2; exit 2; }
	$(KG) train $(SHARED)/dev $(SHARED)/train --split train --conll04 $(SHARED)/conll04/train.jsonl --out $(MODEL)

eval: setup  ## every extraction figure of docs/EVALUATION.md, from $(SHARED) (about 30 minutes)
	$(PY) eval/run.py --shared $(SHARED)

clean:  ## remove generated outputs (keeps .venv)
	rm -rf output/*.ttl output/*.trig output/*.html output/*.json* output/*.nq output/*.graphml output/*.gexf output/*.csv .pytest_cache
