"""Extraction with the real spaCy model: facts per relation, traps, evidence, linking."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from nlp.models import ExtractionResult, GazetteerEntry, MessageContext
from nlp.pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, Extractor, load_pipeline

DANA = "email:dana@acme.com"
MARCUS = "email:marcus@acme.com"
MARIA = "email:maria@brightline.io"
RAJ = "email:raj@brightline.io"
BEACON, LANTERN = "product:beacon", "product:lantern"
ZENDESK, FRESHDESK = "competitor:zendesk", "competitor:freshdesk"
SSO, BILLING, PRICING = "concept:sso", "concept:billing", "concept:pricing"

WORLD = [
    GazetteerEntry(id="acme", label="Account", name="Acme Corp", aliases=["Acme"]),
    GazetteerEntry(
        id=DANA, label="Contact", name="Dana Whitfield", emails=["dana@acme.com"], account="acme"
    ),
    GazetteerEntry(
        id=MARCUS, label="Contact", name="Marcus Oyelaran", emails=["marcus@acme.com"],
        account="acme",
    ),
    GazetteerEntry(id=MARIA, label="Employee", name="Maria Santos", emails=["maria@brightline.io"]),
    GazetteerEntry(id=RAJ, label="Employee", name="Raj Patel", emails=["raj@brightline.io"]),
    GazetteerEntry(id=BEACON, label="Product", name="Beacon Helpdesk", aliases=["Beacon"]),
    GazetteerEntry(id=LANTERN, label="Product", name="Lantern Analytics", aliases=["Lantern"]),
    GazetteerEntry(id=ZENDESK, label="Competitor", name="Zendesk", aliases=["ZD"]),
    GazetteerEntry(id=FRESHDESK, label="Competitor", name="Freshdesk"),
    GazetteerEntry(id=SSO, label="Concept", name="single sign-on", aliases=["SSO", "SAML"]),
    GazetteerEntry(id=BILLING, label="Concept", name="billing", aliases=["invoicing"]),
    GazetteerEntry(id=PRICING, label="Concept", name="pricing"),
]  # fmt: skip

FROM_DANA = MessageContext(
    author_id=DANA,
    author_name="Dana Whitfield",
    author_label="Contact",
    recipient_ids=[MARIA],
    account_id="acme",
    sent_at=datetime(2024, 3, 5, 9, 0),  # a Tuesday
)
FROM_MARIA = MessageContext(
    author_id=MARIA,
    author_name="Maria Santos",
    author_label="Employee",
    recipient_ids=[DANA],
    account_id="acme",
    sent_at=datetime(2024, 3, 5, 9, 0),
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return load_pipeline(WORLD)


def triples(result: ExtractionResult) -> set[tuple[str | None, str, str | None]]:
    return {
        (f.subject.id, f.relation, f.object.id or f.object.name) for f in result.asserted_facts()
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are interested in Lantern.", ("acme", "INTERESTED_IN", LANTERN)),
        ("Beacon keeps crashing on our laptops.", ("acme", "COMPLAINED_ABOUT", BEACON)),
        ("Marcus complained about the pricing again.", (MARCUS, "COMPLAINED_ABOUT", PRICING)),
        ("Lantern has been a game changer for the team.", ("acme", "PRAISED", LANTERN)),
        ("We use Zendesk for internal IT tickets.", ("acme", "USES", ZENDESK)),
        ("We are evaluating Freshdesk.", ("acme", "EVALUATING", FRESHDESK)),
        ("I prefer quarterly invoicing.", (DANA, "PREFERS", "quarterly invoicing")),
        ("Marcus Oyelaran is the decision maker.", (MARCUS, "HAS_ROLE", "decision maker")),
        ("I hold the budget for this project.", (DANA, "HAS_ROLE", "budget holder")),
        ("Marcus Oyelaran reports to Dana Whitfield.", (MARCUS, "REPORTS_TO", DANA)),
        ("Let me introduce Marcus Oyelaran, our IT Director.", (DANA, "INTRODUCED", MARCUS)),
        ("Does Beacon support SAML SSO?", (DANA, "ASKED_ABOUT", SSO)),
        ("Marcus is our go-to person for SSO.", (MARCUS, "EXPERT_IN", SSO)),
    ],
)  # fmt: skip
def test_finds_each_relation(
    extractor: Extractor, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples(extractor.extract(text, FROM_DANA))


def test_commitment_has_free_text_object_and_resolved_due_date(extractor: Extractor) -> None:
    result = extractor.extract("I will send you the SOC 2 report by Friday.", FROM_MARIA)
    [fact] = [f for f in result.asserted_facts() if f.relation == "COMMITTED_TO"]
    assert fact.subject.id == MARIA
    assert fact.object.label == "Commitment" and fact.object.id is None
    assert "send" in fact.object.name and "SOC 2 report" in fact.object.name
    assert "Friday" not in fact.object.name
    assert fact.due == date(2024, 3, 8)


def test_named_colleague_commitment_and_expertise(extractor: Extractor) -> None:
    text = (
        "I'm looping in my colleague Raj Patel, who knows SSO inside out. "
        "Raj will set up a test tenant by next week."
    )
    found = triples(extractor.extract(text, FROM_MARIA))
    assert (MARIA, "INTRODUCED", RAJ) in found
    assert (RAJ, "EXPERT_IN", "concept:sso") in found
    [commitment] = [
        f for f in extractor.extract(text, FROM_MARIA).facts if f.relation == "COMMITTED_TO"
    ]
    assert commitment.subject.id == RAJ and commitment.due == date(2024, 3, 11)


@pytest.mark.parametrize(
    "text",
    [
        "We are not interested in Lantern at this stage.",
        "We don't use Zendesk.",
        "If we ever needed Lantern, you would be the first call.",
        "Would we consider moving to Freshdesk?",
        "If you sign this month, we will include Lantern at no cost.",
        "We won't be signing anything until this is resolved.",
        "Neither of them is interested in Lantern for now.",
    ],
)
def test_negation_and_hypotheticals_produce_no_fact(extractor: Extractor, text: str) -> None:
    assert extractor.extract(text, FROM_DANA).to_public()["facts"] == []


def test_stopped_using_is_a_negated_fact_left_out_of_the_public_output(
    extractor: Extractor,
) -> None:
    result = extractor.extract("We stopped using Freshdesk last quarter.", FROM_DANA)
    [fact] = result.facts
    assert (fact.subject.id, fact.relation, fact.object.id) == (
        "acme",
        "USES",
        "competitor:freshdesk",
    )
    assert fact.negated
    assert result.to_public()["facts"] == []


def test_evidence_offsets_slice_the_input_exactly(extractor: Extractor) -> None:
    text = "Hi Maria,\n\nThanks for the call.  We use Zendesk today.\n\nDoes Beacon support SSO?"
    result = extractor.extract(text, FROM_DANA)
    assert result.facts
    for fact in result.facts:
        assert text[fact.evidence.start : fact.evidence.end] == fact.evidence.text
        assert fact.evidence.text.strip() == fact.evidence.text
        assert fact.extractor == EXTRACTOR_NAME and fact.extractor_version == EXTRACTOR_VERSION
    for mention in result.mentions:
        assert text[mention.start : mention.end] == mention.text


def test_links_aliases_emails_names_and_pronouns(extractor: Extractor) -> None:
    text = "I asked Marcus (marcus@acme.com) whether ZD can replace Beacon for our team."
    result = extractor.extract(text, FROM_DANA)
    linked = {(m.text, m.entity_id) for m in result.mentions}
    assert ("I", DANA) in linked
    assert ("Marcus", MARCUS) in linked  # first name of someone at the message's account
    assert ("marcus@acme.com", MARCUS) in linked
    assert ("ZD", "competitor:zendesk") in linked  # short alias, exact case
    assert ("Beacon", "product:beacon") in linked
    assert ("our", "acme") in linked  # "we" from a contact is their account


def test_short_aliases_need_their_exact_case(extractor: Extractor) -> None:
    result = extractor.extract("The zd file is attached.", FROM_DANA)
    assert all(m.entity_id != "competitor:zendesk" for m in result.mentions)


def test_concepts_curated_first_then_proposed(extractor: Extractor) -> None:
    text = "Our invoicing is fine, but the offline sync bugs worry our field technicians."
    concepts = extractor.extract(text, FROM_DANA).concepts
    approved = {(c.name, c.concept_id) for c in concepts if c.status == "approved"}
    proposed = {c.name for c in concepts if c.status == "proposed"}
    assert ("invoicing", "concept:billing") in approved
    assert "offline sync bug" in proposed
    assert all(c.concept_id is None for c in concepts if c.status == "proposed")
    assert not any(name in proposed for name in ("our", "we", "invoicing"))


def test_to_public_shape(extractor: Extractor) -> None:
    public = extractor.extract("I will send the report by Friday.", FROM_DANA).to_public()
    assert set(public) == {"facts", "mentions", "concepts"}
    [fact] = public["facts"]
    assert set(fact) == {"subject", "relation", "object", "confidence", "due", "evidence"}
    assert fact["due"] == "2024-03-08"
    assert set(fact["evidence"]) == {"text", "start", "end"}
    assert set(fact["subject"]) == {"id", "name", "label"}


def test_extract_many_matches_extract(extractor: Extractor) -> None:
    texts = [("We use Zendesk.", FROM_DANA), ("Does Beacon support SSO?", None)]
    many = list(extractor.extract_many(texts, batch_size=2))
    assert [triples(r) for r in many] == [triples(extractor.extract(t, c)) for t, c in texts]


def test_single_common_nouns_are_not_proposed_but_acronyms_are(extractor: Extractor) -> None:
    text = "The password reset page broke, so we set up a VPN after the update."
    proposed = {
        c.name for c in extractor.extract(text, FROM_DANA).concepts if c.status == "proposed"
    }
    assert "VPN" in proposed
    assert "password reset page" in proposed
    assert not proposed & {"password", "page", "client", "update"}


def test_running_a_product_is_using_it(extractor: Extractor) -> None:
    result = extractor.extract("We've been running Beacon Helpdesk for two years.", FROM_DANA)
    assert ("acme", "USES", BEACON) in triples(result)
    admin = extractor.extract("Marcus runs the day-to-day admin of Beacon.", FROM_DANA)
    assert not [f for f in admin.facts if f.relation == "USES"]


def test_the_final_call_is_a_role_not_a_commitment(extractor: Extractor) -> None:
    result = extractor.extract("Marcus will make the final call on the renewal.", FROM_DANA)
    assert (MARCUS, "HAS_ROLE", "decision maker") in triples(result)
    assert not [f for f in result.facts if f.relation == "COMMITTED_TO"]


def test_a_first_name_the_parser_misreads_is_still_the_expert(extractor: Extractor) -> None:
    text = "Raj Patel joined us. Raj is our specialist for billing, so he can help."
    assert (RAJ, "EXPERT_IN", BILLING) in triples(extractor.extract(text, FROM_MARIA))
    addressed = "Dana, Raj is the person who knows our billing setup best."
    facts = triples(extractor.extract(addressed, FROM_MARIA))
    assert (RAJ, "EXPERT_IN", BILLING) in facts
    assert (DANA, "EXPERT_IN", BILLING) not in facts


def test_if_possible_is_politeness_not_a_hypothetical(extractor: Extractor) -> None:
    polite = extractor.extract("We would prefer quarterly invoicing if possible.", FROM_DANA)
    assert ("acme", "PREFERS", "quarterly invoicing") in triples(polite)
    conditional = extractor.extract("If we ever needed Lantern, we would call you.", FROM_DANA)
    assert not conditional.facts
