"""DESIGN.md's dependency rule, read from the imports of every module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("graph", "nlp", "ingest", "api")
ALLOWED: dict[str, set[str]] = {
    "graph": set(),
    "nlp": set(),
    "ingest": {"graph", "nlp"},
    "api": {"graph", "ingest"},
}


def project_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & {*PACKAGES, "notebooks"}


def modules_of(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", PACKAGES)
def test_package_imports_only_what_the_design_allows(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported - ALLOWED[package] - {package})
        for path in modules_of(package)
        if (imported := project_imports(path)) - ALLOWED[package] - {package}
    }
    assert offenders == {}, f"{package} must import only {sorted(ALLOWED[package])}"


def test_the_check_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("import api.cli\nfrom graph.model import Account\n")
    assert project_imports(module) == {"api", "graph"}


def test_every_package_has_modules() -> None:
    for package in PACKAGES:
        assert modules_of(package), f"{package} has no modules"
