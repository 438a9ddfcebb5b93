# sqs-analysis: every target sets up what it needs (.venv, the package, the kernel) on first use.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW := data/raw
PROCESSED := data/processed
BRIEFINGS := briefings
FROM ?=
TO ?=
AREA ?=
PERIOD ?=
BRIEF_FLAGS ?=
SYNTH_OUT ?= data/synthetic
AREAS ?= 20
YEARS ?= 3
# the parser, tables and analysis tests: the quick loop while changing the package
FAST_TESTS := tests/test_gold.py tests/test_judgements.py tests/test_formats.py \
  tests/test_validate.py tests/test_analysis.py tests/test_themes.py tests/test_names.py \
  tests/test_store.py tests/test_parse_cache.py tests/test_docs.py

.PHONY: help setup browser ocr office briefing parse test test-fast lint docs bench lock lab synth phrasebank clean

help: ## List what you can run
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements/constraints.txt
	@$(PYTHON) scripts/check-python.py || exit 1
	@echo ">> setting up $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv --clear $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (sqs-analysis)" >/dev/null
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the package, its tools and the Jupyter kernel

briefing: $(STAMP) ## Parse data/raw and write a briefing to briefings/ (PERIOD= or FROM=, TO=; AREA=; BRIEF_FLAGS=)
	$(BIN)/sqs-analysis brief --data $(RAW) --out $(BRIEFINGS) --log logs/briefing.log \
	  $(if $(PERIOD),--period $(PERIOD)) \
	  $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) $(foreach a,$(AREA),--area "$(a)") \
	  $(BRIEF_FLAGS)

parse: $(STAMP) ## Parse data/raw into tidy CSV tables in data/processed
	$(BIN)/sqs-analysis parse $(RAW) --out $(PROCESSED) --log logs/parse.log

browser: ## Install headless Chromium (Debian package) for the hostile-content browser test
	@scripts/install-browser.sh $(VENV)/browser-unavailable

ocr: ## Install Tesseract (Debian package) to read scanned letters by OCR, and for its tests
	@scripts/install-ocr.sh $(VENV)/ocr-unavailable

office: ## Install LibreOffice (Debian package) to read .doc, .rtf and .odt letters, and for their tests
	@scripts/install-office.sh $(VENV)/office-unavailable

test: $(STAMP) browser ocr office lint ## Run every test: lint, unit, notebooks (nbval), browser and end-to-end briefing
	$(BIN)/python -m pytest

test-fast: $(STAMP) ## Parser, tables and analysis tests only: no notebooks, browser or briefings (<30 s)
	$(BIN)/python -m pytest $(FAST_TESTS) -m "not slow" -q

lint: $(STAMP) ## Check style with ruff (package, tests, benchmarks, scripts)
	$(BIN)/ruff check src tests benchmarks scripts tools
	$(BIN)/ruff format --check src tests benchmarks scripts tools

docs: $(STAMP) ## Regenerate docs/codebook.md, quantifiers.md and themes.md from the package data
	$(BIN)/python -m sqs_analysis docs --out docs

bench: $(STAMP) ## Run the benchmarks and list targets met and missed (CHECK=1: a miss fails)
	$(BIN)/python benchmarks/run.py $(if $(CHECK),--check)

lock: $(STAMP) ## Re-resolve requirements/constraints.txt for every Python that pyproject allows
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
	  --no-header --no-annotate --quiet -o requirements/constraints.body
	{ echo "# Exact versions the project is tested with (pip constraints), resolved with"; \
	  echo "# environment markers for every Python that pyproject.toml allows. Regenerate: make lock"; \
	  cat requirements/constraints.body; } > requirements/constraints.txt
	rm -f requirements/constraints.body

.PHONY: fixtures
fixtures: $(STAMP) ## Regenerate tests/fixtures/published, word and producers (needs LibreOffice, Chromium, AbiWord, TeX, Ghostscript, Tesseract)
	PYTHONPATH=tests $(BIN)/python -m generators.word_fixtures --out tests/fixtures/word
	$(BIN)/python tests/generators/published.py --out tests/fixtures/published
	$(BIN)/python tests/generators/producers.py --out tests/fixtures/producers

synth: $(STAMP) ## Write a synthetic corpus and its answer key (SYNTH_OUT=, AREAS=, YEARS=; never data/raw)
	PYTHONPATH=tests $(BIN)/python -m generators.synth --out $(SYNTH_OUT) --areas $(AREAS) --years $(YEARS)

phrasebank: $(STAMP) ## Score the parser on the phrase bank (tests/generators/phrasebank.toml) and print every miss
	PYTHONPATH=tests $(BIN)/python -m test_phrasebank

lab: $(STAMP) ## Open JupyterLab on the notebooks
	$(BIN)/jupyter lab notebooks

clean: ## Remove regenerated outputs (keeps data/raw and .venv)
	rm -rf $(PROCESSED)/*.csv $(BRIEFINGS) .pytest_cache
