# `make demo` and `make test` are all a new machine needs (Python 3.11 with venv).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*/pyproject.toml)
# `make demo` installs what running needs; `make test` adds the test, lint and docs tools.
RUN_STAMP := $(VENV)/.installed-run
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck docs pytest bench clean

$(RUN_STAMP): pyproject.toml $(PLUGINS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e . $(foreach p,$(PLUGINS),-e $(dir $(p)))
	touch $(RUN_STAMP)

$(STAMP): $(RUN_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(RUN_STAMP)
	$(BIN)/integrationkonzept demo
	mkdir -p demo
	$(BIN)/integrationkonzept report html src/integrationkonzept/data/leipzig.json -o demo/report.html
	@echo "HTML-Bericht der Leipziger Beispieldaten: $(CURDIR)/demo/report.html (im Browser öffnen)"
	@echo "Den Befehl aufrufen: $(CURDIR)/$(BIN)/integrationkonzept --help (oder nach 'source $(VENV)/bin/activate' einfach: integrationkonzept --help)"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy --strict src $(foreach p,$(PLUGINS),$(dir $(p))src)

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

pytest: $(STAMP)
	$(BIN)/pytest --hypothesis-profile=ci

test: lint typecheck docs pytest

# Not part of `make test`: speed and memory, each against a baseline measured in the same run.
bench: $(STAMP)
	cd bench && for script in *_bench.py oparl_sync.py; do echo "== $$script"; PYTHONPATH=. ../$(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV)
