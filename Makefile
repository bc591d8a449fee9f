# Two commands: `make demo` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test clean bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) cli.py extract corpus/*.txt corpus/*.docx -o out/
	@echo "JSON for every corpus report is in out/"

test: $(STAMP)
	$(PY) -m pytest extractor tests

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) out
