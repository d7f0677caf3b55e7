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

.PHONY: demo test install lint typecheck unit lock clean model model-current

demo: $(INSTALLED) model-current
	$(BIN)/tacit demo

test: $(INSTALLED) $(NODE_INSTALLED) model-current
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q

install: $(INSTALLED)

# The relation extractor's trained model (nlp/model/): `make model` retrains it from the
# annotated worlds in nlp/corpus/ and ../shared/data/annotated/ (deterministic, a few
# minutes on 2 cores); the other targets retrain only when it is missing or stale.
model: $(INSTALLED)
	$(BIN)/python -m nlp.training.train

model-current: $(INSTALLED)
	@$(BIN)/python -m nlp.training.train --if-stale

$(INSTALLED): requirements.lock pyproject.toml
	@test -n "$(PYTHON312)" || { echo "python3.12 not found: install Python 3.12 and retry" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON312) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

$(NODE_INSTALLED): $(CYPHER_CHECK)/package.json $(CYPHER_CHECK)/package-lock.json
	npm ci --prefix $(CYPHER_CHECK) --no-audit --no-fund --loglevel=error
	@touch $@

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv in .venv).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) $(CYPHER_CHECK)/node_modules .pytest_cache .mypy_cache .ruff_cache
