"""A small, real world for API and erasure tests: the gold world's records, a few
interactions between people, facts with evidence, a KB article, derived KNOWS."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

from graph.facts import FactEvidence, FactStatement, fact_statements
from graph.ids import commitment_id
from graph.model import Commitment, Interaction, KBArticle, Node
from graph.services.knows import derive_knows
from graph.stores.base import GraphStore
from graph.writes import GraphWriter, Relationship, utc_now
from ingest.structured import import_records

REPO_ROOT = Path(__file__).resolve().parents[1]
WORLD_RECORDS = REPO_ROOT / "bench" / "gold" / "world.jsonl"

DANA = "email:dana.whitfield@acme.com"
MARCUS = "email:marcus.oyelaran@acme.com"
TOM = "email:tom.becker@globex.com"
MARIA = "email:maria.santos@brightline.io"
BEN = "email:ben.carter@brightline.io"
RAJ = "email:raj.patel@brightline.io"

I1 = "msg:i1@acme.com"
I2 = "msg:i2@brightline.io"
I3 = "sha256:note-acme-call"
Q1 = "msg:q1@globex.com"
A1 = "msg:a1@brightline.io"
ARTICLE = "kb:sso-setup"

I1_TEXT = "Hi Maria, we need single sign-on before the renewal. Thanks, Dana Whitfield"
I2_TEXT = "Hi Dana and Marcus, I will send the SSO setup guide by Friday. Maria"
I3_TEXT = (
    "Call with Acme. Marcus said Acme also wants single sign-on. "
    "Marcus complained about billing and Dana Whitfield agreed."
)
Q1_TEXT = "How do we configure SCIM provisioning for our service desk?"
A1_TEXT = "To configure SCIM provisioning, enable it under Admin > Security > SCIM."
COMMITMENT = commitment_id(I2, MARIA, "send the SSO setup guide")


def build_world(store: GraphStore, folder: Path) -> None:
    """Write the world into `store` (with its schema); `folder` is scratch space."""
    records = folder / "world.jsonl"
    shutil.copy(WORLD_RECORDS, records)
    summary = import_records(store, [records])
    assert summary.failed == 0, summary.failures
    writer = GraphWriter(store)
    writer.upsert_nodes(_nodes())
    rejected = writer.merge_relationships(_relationships())
    assert not rejected, rejected
    store.write_many(fact_statements(_facts(), utc_now()))  # type: ignore[arg-type]
    derive_knows(store)


def _when(day: int) -> datetime:
    return datetime(2024, 3, day, 9, 0, tzinfo=UTC)


def _nodes() -> list[Node]:
    return [
        Interaction(id=I1, kind="email", subject="SSO", text=I1_TEXT, body=I1_TEXT,
                    occurred_at=_when(1), thread=I1, recipient_count=1, source="test"),
        Interaction(id=I2, kind="email", subject="Re: SSO", text=I2_TEXT, body=I2_TEXT,
                    occurred_at=_when(2), thread=I1, recipient_count=2, source="test"),
        Interaction(id=I3, kind="note", subject="Acme call", text=I3_TEXT, body=I3_TEXT,
                    occurred_at=_when(5), source="test"),
        Interaction(id=Q1, kind="question", subject="SCIM provisioning", text=Q1_TEXT,
                    body=Q1_TEXT, occurred_at=_when(6), source="test"),
        Interaction(id=A1, kind="answer", text=A1_TEXT, body=A1_TEXT, occurred_at=_when(7),
                    accepted=True, source="test"),
        KBArticle(id=ARTICLE, title="Setting up single sign-on",
                  body="How to configure single sign-on (SAML SSO) for your helpdesk.",
                  source="test"),
        Commitment(id=COMMITMENT, name="send the SSO setup guide", made_in=I2,
                   due=date(2024, 3, 8), source="test"),
    ]  # fmt: skip


def _relationships() -> list[Relationship]:
    def took_part(person: str, interaction: str, role: str) -> Relationship:
        return Relationship("PARTICIPATED_IN", person, interaction, {"role": role})

    return [
        took_part(DANA, I1, "from"),
        took_part(MARIA, I1, "to"),
        took_part(MARIA, I2, "from"),
        took_part(DANA, I2, "to"),
        took_part(MARCUS, I2, "to"),
        took_part(BEN, I3, "author"),
        took_part(MARCUS, I3, "attendee"),
        took_part(DANA, I3, "attendee"),
        took_part(TOM, Q1, "from"),
        took_part(RAJ, A1, "author"),
        Relationship("ABOUT", I1, "acme"),
        Relationship("ABOUT", I3, "acme"),
        Relationship("REPLY_TO", I2, I1),
        Relationship("MENTIONS", I1, "concept:sso"),
        Relationship("MENTIONS", I3, "concept:sso"),
        Relationship("MENTIONS", Q1, "concept:scim"),
        Relationship("MENTIONS", A1, "concept:scim"),
        Relationship("ABOUT", ARTICLE, "concept:sso"),
        Relationship("RESOLVED_BY", Q1, ARTICLE, {"helped": False}),
        Relationship("PROMISED_TO", COMMITMENT, "acme"),
    ]


def _fact(
    relation: str,
    subject: tuple[str, str],
    obj: tuple[str, str],
    interaction: str,
    sentence: str,
    text: str,
    day: int,
) -> FactStatement:
    start = text.index(sentence)
    return FactStatement(
        relation=relation,
        subject_id=subject[1],
        subject_label=subject[0],
        object_id=obj[1],
        object_label=obj[0],
        evidence=FactEvidence(interaction, sentence, start, start + len(sentence)),
        said_at=_when(day).isoformat(),
        confidence=0.8,
        extractor="test",
        extractor_version="1",
    )


def _facts() -> list[FactStatement]:
    sso = ("Concept", "concept:sso")
    acme = ("Account", "acme")
    return [
        _fact("INTERESTED_IN", ("Contact", DANA), sso, I1,
              "we need single sign-on before the renewal", I1_TEXT, 1),
        _fact("INTERESTED_IN", acme, sso, I1,
              "we need single sign-on before the renewal", I1_TEXT, 1),
        _fact("INTERESTED_IN", ("Contact", MARCUS), sso, I3,
              "Marcus said Acme also wants single sign-on.", I3_TEXT, 5),
        _fact("COMPLAINED_ABOUT", acme, ("Concept", "concept:billing"), I1,
              "Thanks, Dana Whitfield", I1_TEXT, 1),
        _fact("COMPLAINED_ABOUT", acme, ("Concept", "concept:billing"), I3,
              "Marcus complained about billing and Dana Whitfield agreed.", I3_TEXT, 5),
        _fact("COMMITTED_TO", ("Employee", MARIA), ("Commitment", COMMITMENT), I2,
              "Hi Dana and Marcus, I will send the SSO setup guide by Friday.", I2_TEXT, 2),
        _fact("EXPERT_IN", ("Employee", RAJ), ("Concept", "concept:scim"), A1,
              "To configure SCIM provisioning, enable it under Admin > Security > SCIM.",
              A1_TEXT, 7),
        _fact("ASKED_ABOUT", ("Contact", TOM), ("Concept", "concept:scim"), Q1,
              "How do we configure SCIM provisioning for our service desk?", Q1_TEXT, 6),
    ]  # fmt: skip
