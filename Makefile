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
# A real Neo4j Community 5.26 for the tests and for `make neo4j` (Java 17, Maven; dependencies
# cached in ~/.m2, the jar in tools/neo4j-server/target).
NEO4J_SERVER := tools/neo4j-server
NEO4J_JAR := $(NEO4J_SERVER)/target/neo4j-server-1.0.0.jar
NEO4J_DATA ?= data/neo4j

WEB := api/web
WEB_NODE_INSTALLED := $(WEB)/node_modules/.installed

.PHONY: demo test install lint typecheck unit lock clean neo4j neo4j-server notebook browser model model-current

demo: $(INSTALLED) model-current
	$(BIN)/tacit demo

test: $(INSTALLED) $(NODE_INSTALLED) $(WEB_NODE_INSTALLED) $(NEO4J_JAR) browser model-current
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(WEB)/node_modules/.bin/tsc -p $(WEB)/tsconfig.json
	$(BIN)/pytest -q

install: $(INSTALLED)

# The relation extractor's trained model (nlp/model/): `make model` retrains it from the
# annotated worlds in nlp/corpus/ and ../shared/data/annotated/ (deterministic, a few
# minutes on 2 cores); the other targets retrain only when it is missing or stale.
model: $(INSTALLED)
	$(BIN)/python -m nlp.training.train

model-current: $(INSTALLED)
	@$(BIN)/python -m nlp.training.train --if-stale

# Jupyter Lab on notebooks/ from the project's environment (TACIT_GRAPH_URL picks the store).
notebook: $(INSTALLED)
	$(BIN)/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

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

neo4j-server: $(NEO4J_JAR)

$(NEO4J_JAR): $(NEO4J_SERVER)/pom.xml $(shell find $(NEO4J_SERVER)/src -name '*.java')
	@command -v mvn >/dev/null || { echo "Maven (mvn) and Java 17 are needed to build $(NEO4J_SERVER)" >&2; exit 1; }
	@echo "building $(NEO4J_SERVER) (Neo4j Community 5.26; the first build downloads ~120 MB into ~/.m2)"
	mvn -q -B -f $(NEO4J_SERVER)/pom.xml package -Dmaven.test.skip=true
	@touch $@

# Neo4j for manual use: Bolt on 127.0.0.1:$(NEO4J_PORT), data in $(NEO4J_DATA); Ctrl-C stops it.
NEO4J_PORT ?= 7687
neo4j: $(NEO4J_JAR)
	@echo "Starting Neo4j; when it is ready, in another shell:"
	@echo "  export TACIT_GRAPH_URL=bolt://127.0.0.1:$(NEO4J_PORT) TACIT_NEO4J_USER=neo4j"
	@echo "  export TACIT_NEO4J_PASSWORD=\$$(sed -n 's/.*\"password\": \"\([^\"]*\)\".*/\1/p' $(NEO4J_DATA)/neo4j.json)"
	java -Xmx1g -jar $(NEO4J_JAR) --data $(NEO4J_DATA) --info $(NEO4J_DATA)/neo4j.json --port $(NEO4J_PORT)

# Regenerate the lock after changing dependencies in pyproject.toml (needs uv in .venv).
lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.12 \
		--python-platform x86_64-manylinux_2_28 -o requirements.lock

clean:
	rm -rf $(VENV) $(CYPHER_CHECK)/node_modules $(WEB)/node_modules $(NEO4J_SERVER)/target .pytest_cache .mypy_cache .ruff_cache
