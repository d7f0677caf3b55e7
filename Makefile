# The README's two commands: `make demo` (the main job) and `make test` (every test).
# Both create .venv with python3.12 when it is missing and install from requirements.lock.

SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON312 := $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/local/bin/python3.12 /usr/bin/python3.12; do \
	$$p -c 'import sys; assert sys.version_info[:2] == (3, 12)' >/dev/null 2>&1 && { echo $$p; break; }; done)
INSTALLED := $(VENV)/.installed
CYPHER_CHECK := tools/cypher-check
NODE_INSTALLED := $(CYPHER_CHECK)/node_modules/.installed
WEB := api/web
WEB_NODE_INSTALLED := $(WEB)/node_modules/.installed

.PHONY: demo test install lint typecheck unit lock clean browser

demo: $(INSTALLED)
	$(BIN)/tacit demo

test: $(INSTALLED) $(NODE_INSTALLED) $(WEB_NODE_INSTALLED) browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(WEB)/node_modules/.bin/tsc -p $(WEB)/tsconfig.json
	$(BIN)/pytest -q

install: $(INSTALLED)

$(INSTALLED): requirements.lock pyproject.toml
	@test -n "$(PYTHON312)" || { echo "python3.12 not found: install Python 3.12 and retry" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON312) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_INSTALLED): $(CYPHER_CHECK)/package.json $(CYPHER_CHECK)/package-lock.json
	npm ci --prefix $(CYPHER_CHECK) --no-audit --no-fund --loglevel=error
	@touch $@

# The web app's type check (tsc, pinned in api/web/package-lock.json).
$(WEB_NODE_INSTALLED): $(WEB)/package.json $(WEB)/package-lock.json
	npm ci --prefix $(WEB) --no-audit --no-fund --loglevel=error
	@touch $@

# The browser tests drive Debian's chromium through its chromedriver.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || { \
		echo "installing Debian's chromium and chromium-driver for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			chromium chromium-driver >/dev/null; } || { \
		echo "could not install chromium and chromium-driver: run as root, or install them" >&2; \
		exit 1; }

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv in .venv).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) $(CYPHER_CHECK)/node_modules $(WEB)/node_modules .pytest_cache .mypy_cache .ruff_cache
