"""The gazetteer with the real spaCy model: how known names are found in text."""

from __future__ import annotations

import pytest

from nlp.models import GazetteerEntry, MessageContext
from nlp.pipeline import Extractor, load_pipeline

CMMS, GATEWAY, INSTALL = "concept:cmms", "product:gateway", "concept:install"
REPORTING = "concept:reporting"
THINGS = {CMMS, GATEWAY, INSTALL, REPORTING}
WORLD = [
    GazetteerEntry(
        id=CMMS, label="Concept", name="CMMS integration",
        aliases=["Maximo integration", "SAP HCM interface"],
    ),
    GazetteerEntry(id=GATEWAY, label="Product", name="Corvane Edge Gateway", aliases=["gateways"]),
    GazetteerEntry(id=INSTALL, label="Concept", name="sensor installation", aliases=["install"]),
    GazetteerEntry(id=REPORTING, label="Concept", name="reporting", aliases=["reports"]),
    GazetteerEntry(
        id="email:ana@acme.com", label="Contact", name="Ana Ruiz", emails=["ana@acme.com"]
    ),
]  # fmt: skip


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return load_pipeline(WORLD)


def found(extractor: Extractor, text: str, kind: str | None = None) -> list[tuple[str, str]]:
    """The known things the text names (people left out)."""
    context = MessageContext(message_kind=kind) if kind else None
    result = extractor.extract(text, context)
    return [(m.text, m.entity_id) for m in result.mentions if m.entity_id in THINGS]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("She built SAP HCM interfaces for ten hospitals.", [("SAP HCM interfaces", CMMS)]),
        ("He spent six years building Maximo integrations.", [("Maximo integrations", CMMS)]),
        ("Can the quote include a second gateway?", [("gateway", GATEWAY)]),
        ("The Molo gateway went down twice.", [("gateway", GATEWAY)]),
    ],
    ids=["plural of a name", "plural tagged as a verb", "singular of an alias", "after a modifier"],
)
def test_a_thing_is_found_in_another_inflection(
    extractor: Extractor, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(extractor, text) == expected


def test_a_one_word_name_is_not_found_in_a_verb(extractor: Extractor) -> None:
    assert found(extractor, "We installed it last week.") == []
    assert found(extractor, "The install took two days.") == [("install", INSTALL)]


def test_a_lower_case_verb_names_no_thing(extractor: Extractor) -> None:
    assert found(extractor, "Greg reports to Rachel Nguyen.") == []
    assert found(extractor, "The weekly reports are late again.") == [("reports", REPORTING)]


def test_untagged_mail_still_finds_names_as_written(extractor: Extractor) -> None:
    text = "Our gateways and the Maximo integration are in this newsletter."
    assert found(extractor, text, "newsletter") == [
        ("gateways", GATEWAY),
        ("Maximo integration", CMMS),
    ]
    assert found(extractor, "A second gateway ships soon.", "newsletter") == []


def test_new_entries_replace_the_inflected_names() -> None:
    fresh = load_pipeline(WORLD)
    fresh.gazetteer.set_entries(WORLD[-1:])
    assert found(fresh, "He spent six years building Maximo integrations.") == []
