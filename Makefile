# The two front-door commands: `make demo` and `make test`. Both create .venv on first use
# (torch CPU first, from `pip install torch==2.13.0`, then the project with its test extras)
# and are safe to re-run.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.glossmt-installed
DEMO := $(VENV)/demo
# The real model, when present: a local folder under models/, else the hub id (needs the HF cache).
MODEL ?= $(if $(wildcard models/opus-mt-zh-en/config.json),models/opus-mt-zh-en,Helsinki-NLP/opus-mt-zh-en)

.PHONY: install test lint typecheck unit demo bench names-model clean

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test,fast,scale,documents,server]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check glossary translate tests benchmarks
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/pytest

test: lint typecheck unit

demo: $(STAMP)
	@mkdir -p $(DEMO)
	@echo "== 1. lint the shipped glossary"
	$(BIN)/glossmt glossary lint
	@echo
	@echo "== 2. which glossary terms does the sample article contain? (line:col, span, concept, English)"
	$(BIN)/glossmt glossary find corpora/sample-article.zh.txt | head -n 12
	@echo
	@echo "== 3. check existing English (an MT engine's output) for wrong and inconsistent names"
	@$(BIN)/glossmt check corpora/sample-article.inconsistent.en.txt || echo "(exit $$?: findings, as expected for this article; 'glossmt check --fix' rewrites the fixable ones)"
	@echo
	@echo "== 4. translate the sample article with the glossary, using $(MODEL)"
	@if $(BIN)/glossmt translate --model "$(MODEL)" corpora/sample-article.zh.txt -o $(DEMO)/sample-article.en.txt; then \
		cat $(DEMO)/sample-article.en.txt; \
	else \
		echo "(the real model is not on this machine: the message above says how to get it)"; \
		echo; \
		echo "== 4b. the same pipeline on a tiny Marian model built here from corpora/ (random weights:"; \
		echo "       the English is gibberish, but every glossary term is guaranteed, and jsonl says how)"; \
		echo "       The tiny model lives in $(DEMO)/tiny-model, rebuilt only when corpora/ or its builder change."; \
		$(BIN)/python -m glossmt.translate.devtools.tiny $(DEMO)/tiny-model && \
		head -n 3 corpora/sample-article.zh.txt | $(BIN)/glossmt translate --model $(DEMO)/tiny-model --format jsonl; \
	fi

# Retrain the shipped name model (glossary/names/data/) from ../shared/data/names: a few minutes, deterministic.
NAMES_DATA ?= ../shared/data/names
names-model: $(STAMP)
	$(BIN)/python -m glossmt.glossary.names.training --data $(NAMES_DATA)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_names.py
	$(BIN)/python benchmarks/bench_matching.py
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_translate.py --sentences 100 --threads 1

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
