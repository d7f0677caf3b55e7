"""The nlp package stays independent: it never imports graph, ingest or api."""

import ast
from pathlib import Path

from graph.model import FACT_RELATIONSHIPS, FACT_TYPES, INFERRED_FACT_TYPES
from nlp.vocabulary import FACT_ENDPOINTS

NLP = Path(__file__).resolve().parents[2] / "nlp"
FORBIDDEN = ("graph", "ingest", "api")


def _imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_nlp_never_imports_graph_ingest_or_api() -> None:
    offenders = {
        f"{path.name}: {module}"
        for path in NLP.rglob("*.py")
        for module in _imported_modules(path)
        if module.split(".")[0] in FORBIDDEN
    }
    assert offenders == set()


def test_fact_endpoints_mirror_the_graph_model() -> None:
    assert tuple(FACT_ENDPOINTS) == tuple(t for t in FACT_TYPES if t not in INFERRED_FACT_TYPES)
    for relation, (subjects, objects) in FACT_RELATIONSHIPS.items():
        if relation in INFERRED_FACT_TYPES:
            continue
        assert set(FACT_ENDPOINTS[relation][0]) == set(subjects), relation
        assert set(FACT_ENDPOINTS[relation][1]) == set(objects), relation
