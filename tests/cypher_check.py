"""The Cypher check: named queries linted by Neo4j's own front end, run with Node.

`tools/cypher-check/lint.mjs` does the linting; this module builds its input from the model
and the registry, runs it, and reads its report. The graph package never runs Node itself.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.model import LABELS, RELATIONSHIP_TYPES, property_keys
from graph.queries import REGISTRY, NamedQuery

REPO_ROOT = Path(__file__).resolve().parents[1]
CYPHER_CHECK_DIR = REPO_ROOT / "tools" / "cypher-check"
LINT_SCRIPT = CYPHER_CHECK_DIR / "lint.mjs"
FRONT_END_PACKAGE = CYPHER_CHECK_DIR / "node_modules" / "@neo4j-cypher" / "language-support"
LINTED_OVERRIDE_ENGINE = "neo4j"
LINT_TIMEOUT_SECONDS = 300


class CypherCheckUnavailable(RuntimeError):
    """Node or the pinned front end is missing, so nothing was checked."""


@dataclass(frozen=True)
class LintTarget:
    """One statement to lint and the parameters it is declared to take."""

    name: str
    cypher: str
    parameters: tuple[str, ...]

    def as_input(self) -> dict[str, Any]:
        return {"name": self.name, "cypher": self.cypher, "parameters": list(self.parameters)}


@dataclass(frozen=True)
class Diagnostic:
    severity: str
    fails: bool
    message: str
    source: str
    line: int
    column: int


@dataclass(frozen=True)
class LintResult:
    name: str
    failed: bool
    diagnostics: tuple[Diagnostic, ...]

    def describe(self) -> str:
        lines = [self.name]
        lines += [
            f"  {d.line}:{d.column} {d.severity} ({d.source}): {d.message}"
            for d in self.diagnostics
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class CypherCheckReport:
    ok: bool
    results: Mapping[str, LintResult]

    def failures(self) -> list[LintResult]:
        return [result for result in self.results.values() if result.failed]

    def describe_failures(self) -> str:
        return "\n".join(result.describe() for result in self.failures())


def model_schema() -> dict[str, list[str]]:
    """The schema the front end checks names against: exactly the model's allow-lists."""
    return {
        "labels": list(LABELS),
        "relationshipTypes": list(RELATIONSHIP_TYPES),
        "propertyKeys": list(property_keys()),
    }


def override_target_name(query_name: str) -> str:
    return f"{query_name} ({LINTED_OVERRIDE_ENGINE} override)"


def lint_targets(queries: Iterable[NamedQuery]) -> list[LintTarget]:
    """Each query's own Cypher, and its Neo4j override if it has one.

    Overrides for other engines are not Neo4j Cypher, so they are not linted.
    """
    targets = []
    for query in queries:
        parameters = tuple(sorted(query.parameters))
        targets.append(LintTarget(query.name, query.cypher, parameters))
        override = query.overrides.get(LINTED_OVERRIDE_ENGINE)
        if override is not None:
            targets.append(LintTarget(override_target_name(query.name), override, parameters))
    return targets


def registry_targets() -> list[LintTarget]:
    return lint_targets(REGISTRY)


def ensure_cypher_check_installed(package_dir: Path = FRONT_END_PACKAGE) -> None:
    if shutil.which("node") is None:
        raise CypherCheckUnavailable(
            "node is not on PATH: the Cypher check needs Node.js (18.18 or later)"
        )
    if not package_dir.is_dir():
        raise CypherCheckUnavailable(
            f"Neo4j's Cypher front end is not installed ({package_dir} is missing): "
            "run `make test`, which installs it with npm ci"
        )


def run_cypher_check(
    targets: Iterable[LintTarget], schema: Mapping[str, Any] | None = None
) -> CypherCheckReport:
    """Lint `targets` in one Node process against `schema` (the model's, by default)."""
    ensure_cypher_check_installed()
    payload = {
        "schema": dict(schema) if schema is not None else model_schema(),
        "queries": [target.as_input() for target in targets],
    }
    completed = subprocess.run(
        ["node", str(LINT_SCRIPT)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=CYPHER_CHECK_DIR,
        timeout=LINT_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode in (0, 1):
        with contextlib.suppress(json.JSONDecodeError):
            return report_from(json.loads(completed.stdout))
    raise RuntimeError(
        f"the Cypher check crashed (exit {completed.returncode}):\n{completed.stderr}"
    )


def report_from(document: Mapping[str, Any]) -> CypherCheckReport:
    results = {
        entry["name"]: LintResult(
            name=entry["name"],
            failed=entry["failed"],
            diagnostics=tuple(Diagnostic(**diagnostic) for diagnostic in entry["diagnostics"]),
        )
        for entry in document["results"]
    }
    return CypherCheckReport(ok=document["ok"], results=results)
