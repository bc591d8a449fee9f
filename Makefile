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
	@echo "--- a province's quarter: 45 generated reports of one province (3 of them broken on purpose)"
	$(PY) tools/synth.py out/quarter/reports --n 45 --province "Đồng Nai" --year 2023 --quarter 3 \
		--seed 7 --conflict --corrupt 3 --registry out/quarter/registry.csv
	$(PY) cli.py batch out/quarter/reports -o out/quarter/batch || test $$? -eq 1
	$(PY) cli.py crosscheck out/quarter/batch --registry out/quarter/registry.csv --json out/quarter/crosscheck.json
	$(PY) cli.py consolidate out/quarter/batch -o out/quarter/summary.xlsx --docx out/quarter/appendix.docx
	@echo "Quarter: out/quarter/summary.xlsx, out/quarter/crosscheck.json, out/quarter/appendix.docx"

test: $(STAMP)
	$(PY) -m pytest extractor tests

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]' || echo "bench extra not installed: the alternatives are reported as not measured"
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) out
