# Two entry points: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_OUT := demo-output

.PHONY: demo test venv test-venv taxpasta-venv gmwi2-venv system-deps lint clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

venv: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[report,workflow,web]"

test-venv: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[report,workflow,cluster,web,functional,test]"

# taxpasta, the independent parser tests/readers/test_taxpasta_crosscheck.py compares with, in its own
# environment: its numpy/pandas pins conflict with ours.
TAXPASTA_VENV := .venv-taxpasta
taxpasta-venv: $(TAXPASTA_VENV)/bin/taxpasta
$(TAXPASTA_VENV)/bin/taxpasta: tests/readers/taxpasta-requirements.txt
	$(PYTHON) -m venv $(TAXPASTA_VENV)
	$(TAXPASTA_VENV)/bin/pip install --quiet -r tests/readers/taxpasta-requirements.txt
	touch $@

# The published GMWI2 tool (benchmarks/gmwi2/), the baseline of benchmarks/bench_gmwi2.py, in its own
# environment: its model is a scikit-learn 1.2.2 pickle, which needs numpy < 2.
GMWI2_VENV := .venv-gmwi2
gmwi2-venv: $(GMWI2_VENV)/installed
$(GMWI2_VENV)/installed: benchmarks/gmwi2/requirements.txt
	$(PYTHON) -m venv $(GMWI2_VENV)
	$(GMWI2_VENV)/bin/pip install --quiet -r benchmarks/gmwi2/requirements.txt
	touch $@

# System packages the tests drive for real (installed only when missing; needs root or sudo).
SYSTEM_PACKAGES := kraken2 kma glpk-utils chromium chromium-headless-shell chromium-driver poppler-utils postgresql bowtie2 fonts-dejavu-core art-nextgen-simulation-tools ragout-examples kleborate-examples sibelia-examples tesseract-ocr slurm-wlm slurmdbd munge mariadb-server time
system-deps:
	@bash scripts/install-system-deps.sh $(SYSTEM_PACKAGES)

demo: venv
	$(BIN)/mmm demo -o $(DEMO_OUT)

test: test-venv taxpasta-venv system-deps
	$(BIN)/python -m pytest -q

# Every benchmark; writes its figures into benchmarks/README.md (takes several minutes).
bench: test-venv gmwi2-venv system-deps
	$(BIN)/python benchmarks/run_all.py

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) $(TAXPASTA_VENV) $(GMWI2_VENV) $(DEMO_OUT) .pytest_cache
