"""Every named query, and every Neo4j override, passes Neo4j's own Cypher front end.

The registry and the deliberately broken probes below are linted in one Node process.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.queries import NamedQuery
from tests.cypher_check import (
    CypherCheckReport,
    CypherCheckUnavailable,
    LintResult,
    LintTarget,
    ensure_cypher_check_installed,
    lint_targets,
    override_target_name,
    registry_targets,
    run_cypher_check,
)

SYNTAX_ERROR = LintTarget("probe: syntax error", "MATCH (n:Account RETURN n", ())

NAMES_OUTSIDE_THE_MODEL = [
    LintTarget("probe: unknown label", "MATCH (n:Acount) RETURN n.id", ()),
    LintTarget(
        "probe: unknown relationship type",
        "MATCH (a:Account)-[:PURCHASD]->(p:Product) RETURN p.id",
        (),
    ),
    LintTarget("probe: unknown property read", "MATCH (n:Account) RETURN n.nmae", ()),
    LintTarget(
        "probe: unknown property in a pattern",
        "MATCH (n:Account {idd: $id}) RETURN n.id",
        ("id",),
    ),
    LintTarget(
        "probe: unknown property written",
        "MATCH (n:Account {id: $id}) SET n.nmae = $name RETURN n.id",
        ("id", "name"),
    ),
    LintTarget(
        "probe: unknown label created",
        "UNWIND $rows AS row MERGE (n:Acount {id: row.id}) RETURN count(n)",
        ("rows",),
    ),
    LintTarget(
        "probe: unknown label in a constraint",
        "CREATE CONSTRAINT acount_id IF NOT EXISTS FOR (n:Acount) REQUIRE n.id IS UNIQUE",
        (),
    ),
    LintTarget(
        "probe: unknown property in a full-text index",
        "CREATE FULLTEXT INDEX account_text IF NOT EXISTS FOR (n:Account) ON EACH [n.nmae]",
        (),
    ),
]

UNDECLARED_PARAMETER = LintTarget(
    "probe: undeclared parameter", "MATCH (n:Account {id: $id}) RETURN n.name LIMIT $limit", ("id",)
)

MODEL_NAMES_ONLY = LintTarget(
    "probe: model names, map keys and a full-text search",
    """
    UNWIND $rows AS row
    MATCH (a:Account {id: row.from})
    CALL db.index.fulltext.queryNodes('account_names', $text) YIELD node, score
    RETURN {from: row.from, to: row.to, match: node.name, score: score, name: a.name} AS hit
    """,
    ("rows", "text"),
)

DEPRECATED_FUNCTION = LintTarget(
    "probe: deprecated function", "MATCH (n:Account) RETURN id(n) AS internal_id", ()
)

CARTESIAN_PRODUCT = LintTarget(
    "probe: cartesian product",
    "MATCH (a:Account {id: $from}), (p:Product {id: $to}) RETURN a.id, p.id",
    ("from", "to"),
)

OVERRIDDEN_QUERY = NamedQuery(
    name="probe_overridden_query",
    cypher="MATCH (n:Account) RETURN n.id AS id LIMIT $limit",
    mode="read",
    overrides={
        "neo4j": "MATCH (n:Acount) RETURN n.id AS id LIMIT $limit",
        "grafeo": "SELECT id FROM Account LIMIT $limit",
    },
)

ONE_TEMPLATE_TWO_LABELS = [
    LintTarget(
        "probe: template on Account",
        "MATCH (n:Account)-[:PURCHASED]->(p:Product) RETURN m",
        (),
    ),
    LintTarget(
        "probe: template on KBArticle",
        "MATCH (n:KBArticle)-[:MENTIONS]->(p:Product) RETURN m",
        (),
    ),
]

PROBES = [
    SYNTAX_ERROR,
    *ONE_TEMPLATE_TWO_LABELS,
    *NAMES_OUTSIDE_THE_MODEL,
    UNDECLARED_PARAMETER,
    MODEL_NAMES_ONLY,
    DEPRECATED_FUNCTION,
    CARTESIAN_PRODUCT,
    *lint_targets([OVERRIDDEN_QUERY]),
]


@pytest.fixture(scope="module")
def report() -> CypherCheckReport:
    try:
        ensure_cypher_check_installed()
    except CypherCheckUnavailable as unavailable:
        missing = str(unavailable)
    else:
        return run_cypher_check([*registry_targets(), *PROBES])
    pytest.fail(missing)


def result_for(report: CypherCheckReport, target: LintTarget) -> LintResult:
    assert target.name in report.results, f"{target.name} was not linted"
    return report.results[target.name]


def failing_messages(result: LintResult) -> list[str]:
    return [d.message for d in result.diagnostics if d.fails]


def test_every_registry_query_and_neo4j_override_passes(report: CypherCheckReport) -> None:
    targets = registry_targets()
    assert targets
    failures = [
        result_for(report, target) for target in targets if result_for(report, target).failed
    ]
    assert not failures, "Cypher check failures:\n" + "\n".join(f.describe() for f in failures)


def test_a_syntax_error_is_caught(report: CypherCheckReport) -> None:
    result = result_for(report, SYNTAX_ERROR)
    assert result.failed
    assert any(d.severity == "error" and "Invalid input" in d.message for d in result.diagnostics)


@pytest.mark.parametrize("target", NAMES_OUTSIDE_THE_MODEL, ids=lambda target: target.name)
def test_a_name_outside_the_model_is_caught(report: CypherCheckReport, target: LintTarget) -> None:
    result = result_for(report, target)
    assert result.failed, result.describe()
    assert any(
        misspelt in message
        for message in failing_messages(result)
        for misspelt in ("Acount", "PURCHASD", "nmae", "idd")
    ), result.describe()


def test_an_undeclared_parameter_is_caught(report: CypherCheckReport) -> None:
    result = result_for(report, UNDECLARED_PARAMETER)
    assert failing_messages(result) == ["Parameter $limit is not defined."], result.describe()


def test_model_names_and_result_map_keys_pass(report: CypherCheckReport) -> None:
    result = result_for(report, MODEL_NAMES_ONLY)
    assert not result.failed, result.describe()


def test_a_deprecation_fails(report: CypherCheckReport) -> None:
    result = result_for(report, DEPRECATED_FUNCTION)
    assert any("deprecated" in message for message in failing_messages(result)), result.describe()


def test_a_performance_hint_is_reported_without_failing(report: CypherCheckReport) -> None:
    result = result_for(report, CARTESIAN_PRODUCT)
    assert not result.failed, result.describe()
    assert any("cartesian product" in d.message for d in result.diagnostics), result.describe()


@pytest.mark.parametrize("target", ONE_TEMPLATE_TWO_LABELS, ids=lambda target: target.name)
def test_queries_sharing_a_template_each_get_their_own_positions(
    report: CypherCheckReport, target: LintTarget
) -> None:
    result = result_for(report, target)
    undefined = [d for d in result.diagnostics if d.message == "Variable `m` not defined"]
    assert [(d.line, d.column) for d in undefined] == [(1, target.cypher.rindex("m") + 1)]


def test_a_neo4j_override_is_linted_and_a_grafeo_override_is_not(
    report: CypherCheckReport,
) -> None:
    names = [target.name for target in lint_targets([OVERRIDDEN_QUERY])]
    assert names == [OVERRIDDEN_QUERY.name, override_target_name(OVERRIDDEN_QUERY.name)]
    assert not report.results[OVERRIDDEN_QUERY.name].failed
    override = report.results[override_target_name(OVERRIDDEN_QUERY.name)]
    assert override.failed
    assert any("Acount" in message for message in failing_messages(override))


def test_a_missing_front_end_fails_with_the_command_to_install_it(tmp_path: Path) -> None:
    with pytest.raises(CypherCheckUnavailable, match="make test"):
        ensure_cypher_check_installed(tmp_path / "node_modules" / "absent")
