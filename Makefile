# sqs-analysis: every target sets up what it needs (.venv, the package, the kernel) on first use.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW := data/raw
PROCESSED := data/processed
BRIEFINGS := briefings
FROM ?=
TO ?=
AREA ?=
SYNTH_OUT ?= data/synthetic
AREAS ?= 20
YEARS ?= 3

.PHONY: help setup browser briefing parse test lint docs bench lab synth clean

help: ## List what you can run
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/constraints.txt
	@echo ">> setting up $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (sqs-analysis)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the package, its tools and the Jupyter kernel

briefing: $(STAMP) ## Parse data/raw and write a briefing to briefings/ (FROM=, TO=, AREA= to narrow)
	$(BIN)/sqs-analysis brief --data $(RAW) --out $(BRIEFINGS) --log logs/briefing.log \
	  $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) $(foreach a,$(AREA),--area "$(a)")

parse: $(STAMP) ## Parse data/raw into tidy CSV tables in data/processed
	$(BIN)/sqs-analysis parse $(RAW) --out $(PROCESSED) --log logs/parse.log

browser: ## Install headless Chromium (Debian package) for the hostile-content browser test
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && { [ "$$(id -u)" = 0 ] || command -v sudo >/dev/null; }; then \
	  echo ">> installing chromium for the browser test"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo ">> chromium not found and cannot be installed here: the browser test will be skipped"; fi

test: $(STAMP) browser ## Run every test: lint, unit, notebooks (nbval), browser and end-to-end briefing
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/python -m pytest

lint: $(STAMP) ## Check style with ruff
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

docs: $(STAMP) ## Regenerate docs/codebook.md, quantifiers.md and themes.md from the package data
	$(BIN)/python -m sqs_analysis docs --out docs

bench: $(STAMP) ## Run the benchmarks (parse throughput, memory, briefing time, import time)
	$(BIN)/python benchmarks/run.py

synth: $(STAMP) ## Write a synthetic corpus and its answer key (SYNTH_OUT=, AREAS=, YEARS=; never data/raw)
	PYTHONPATH=tests $(BIN)/python -m generators.synth --out $(SYNTH_OUT) --areas $(AREAS) --years $(YEARS)

.PHONY: fixtures
fixtures: $(STAMP) ## Regenerate tests/fixtures/published (the reports as Word letters and PDFs; needs LibreOffice)
	$(BIN)/python tests/generators/published.py --out tests/fixtures/published

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks

clean: ## Remove regenerated outputs (keeps data/raw and .venv)
	rm -rf $(PROCESSED)/*.csv $(BRIEFINGS) .pytest_cache
