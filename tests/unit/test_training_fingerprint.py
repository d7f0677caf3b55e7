"""The model's fingerprint and reproducibility: what makes a committed relation model stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nlp.relations.model import feature_matrix
from nlp.training import train


def _world(root: Path, cases: str) -> Path:
    folder = root / "world-a"
    folder.mkdir()
    (folder / "world.json").write_text("{}")
    (folder / "cases.jsonl").write_text(cases)
    return folder


def test_the_fingerprint_changes_with_the_training_cases(tmp_path: Path) -> None:
    folder = _world(tmp_path, '{"id": "a01"}\n')
    before = train.fingerprint([folder])
    (folder / "cases.jsonl").write_text('{"id": "a02"}\n')
    assert train.fingerprint([folder]) != before


@pytest.mark.parametrize("changed", ["training/fit.py", "relations/features.py", "gazetteer.py"])
def test_the_fingerprint_changes_with_the_fitting_and_feature_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str
) -> None:
    real = Path(train.__file__).resolve().parents[1]
    code = tmp_path / "nlp"
    for module in train.FEATURE_MODULES:
        (code / module).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(real / module, code / module)
    monkeypatch.setattr(train, "__file__", str(code / "training" / "train.py"))
    folder = _world(tmp_path, '{"id": "a01"}\n')
    before = train.fingerprint([folder])
    with (code / changed).open("a") as module:
        module.write("\n# changed\n")
    assert train.fingerprint([folder]) != before


def test_a_feature_row_gives_one_matrix_whatever_its_key_order() -> None:
    """Rows come in set order, which the hash seed changes; training must not see it."""
    vocabulary = {"a": 0, "b": 1, "c": 2}
    one = feature_matrix([{"c": 1.0, "a": 2.0}, {"b": 3.0, "a": 1.0}], vocabulary)
    other = feature_matrix([{"a": 2.0, "c": 1.0}, {"a": 1.0, "b": 3.0}], vocabulary)
    assert one.indices.tolist() == other.indices.tolist() == [0, 2, 0, 1]
    assert one.data.tolist() == other.data.tolist() == [2.0, 1.0, 1.0, 3.0]
