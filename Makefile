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
	$(PY) cli.py batch corpus -o out/batch || test $$? -eq 1  # 1: some file failed, the rest is done
	$(PY) cli.py crosscheck out/batch --json out/crosscheck.json
	$(PY) cli.py consolidate out/batch -o out/summary.xlsx --docx out/appendix.docx
	@echo "Batch: out/batch/ (reports/*.json, manifest.json, cchc.sqlite); cross-check: out/crosscheck.json;"
	@echo "summary: out/summary.xlsx (+ summary.json, summary-*.csv), Word appendix: out/appendix.docx"

test: $(STAMP)
	$(PY) -m pytest extractor tests

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) out
