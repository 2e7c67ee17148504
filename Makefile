# Two commands set everything up on a machine with Python 3.11, 3.12 or 3.13 (PYTHON=python3.12 picks one) and make:
#   make run    create the pinned environment (uv.lock) and run the pipeline on the bundled sample
#   make test   create the pinned environment, check the code with ruff and run the test suite (slow tests: make test-slow)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
# PYTHON's own executable: PYTHON if it runs, else pyenv's newest installation of that name (pyenv's shim of
# python3.12 fails unless 3.12 is a selected version); empty when there is none
PYTHON_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null || \
	ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/*/bin/$(notdir $(PYTHON)) 2>/dev/null | sort -V | tail -1)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test test-slow lint format docs smoke-wheel duckdb2-env browser postgres clean FORCE

$(UV):
	$(PYTHON_EXE) -m venv .tools
	.tools/bin/python -m pip install --quiet "uv==$(UV_VERSION)"

# The interpreter .venv is synced for: another PYTHON (make test PYTHON=python3.12) re-syncs it
.tools/venv-python: FORCE
	@test -n "$(PYTHON_EXE)" || { echo "no Python interpreter $(PYTHON) on this machine" >&2; exit 1; }
	@mkdir -p .tools; [ "$$(cat $@ 2>/dev/null)" = "$(PYTHON_EXE)" ] || echo "$(PYTHON_EXE)" > $@

.venv/.synced: $(UV) pyproject.toml uv.lock .tools/venv-python
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON_EXE)
	touch $@

run: .venv/.synced
	$(UV) run --frozen --no-sync vnews run

test: .venv/.synced browser postgres lint
	$(UV) run --frozen --no-sync pytest

# Ruff (pyproject.toml's [tool.ruff]): the tree formatted and lint-clean; `make format` fixes what it can
lint: .venv/.synced
	$(UV) run --frozen --no-sync ruff check .
	$(UV) run --frozen --no-sync ruff format --check .

format: .venv/.synced
	$(UV) run --frozen --no-sync ruff check --fix .
	$(UV) run --frozen --no-sync ruff format .

test-slow: .venv/.synced browser postgres
	$(UV) run --frozen --no-sync pytest -m slow

# The manual (README.md's links, docs/) as a site that opens offline: site/index.html (tests/test_docs.py builds it too)
docs: .venv/.synced
	NO_MKDOCS_2_WARNING=1 $(UV) run --frozen --no-sync mkdocs build --strict

# The wheel, installed from a fresh environment outside the checkout, runs the bundled sample:
# make smoke-wheel PYTHON=python3.12 [INSTALLER=pip|uv|tool] (tests/smoke_wheel.sh); skipped when there is no PYTHON
ifeq ($(PYTHON_EXE),)
smoke-wheel:
	@echo "smoke-wheel skipped: no $(PYTHON) on this machine"
else
smoke-wheel: $(UV)
	tests/smoke_wheel.sh $(PYTHON_EXE) $(INSTALLER)
endif

# DuckDB 2.0 in an environment of its own, for the test that opens the warehouse with it (BI tools embed it)
duckdb2-env: .tools/duckdb2/bin/python

.tools/duckdb2/bin/python: $(UV)
	$(UV) venv --quiet --python $(PYTHON_EXE) .tools/duckdb2
	$(UV) pip install --quiet --python .tools/duckdb2/bin/python "duckdb==2.0.0"

# Debian's Chromium, for the test that renders `vnews report` in a real headless browser (installed as root, once)
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Debian's PostgreSQL server, for the tests of a DuckLake catalog in PostgreSQL (they start their own cluster on
# 127.0.0.1; installed as root, once)
postgres:
	@ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; }

clean:
	rm -rf .venv .tools vnews-data site
