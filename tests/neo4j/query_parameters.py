"""Realistic parameters for every named query, on the services fixture graph.

`tests/neo4j/test_every_query.py` runs each query in the registry on both engines with the
parameters found here and compares the answers. A query with no entry fails that test: add
its parameters to `PARAMETERS` (one query) or `FAMILIES` (queries generated per label or
relationship type), with ids from the fixture graph (`tests/integration/test_services_graph.py`)
so the query finds something. See tests/neo4j/README.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graph.model import FACT_TYPES, LABELS

NOW = "2024-06-02T08:00:00+00:00"
Params = dict[str, Any]

# Two ids of each label in the fixture graph (the second for relationships between two nodes
# of one label); AuditEntry ids are the ones add_audit_entry writes.
EXAMPLE_IDS: dict[str, tuple[str, str]] = {
    "Account": ("account:acme", "account:globex"),
    "Contact": ("contact:alice", "contact:carol"),
    "Employee": ("employee:erin", "employee:frank"),
    "Product": ("product:widget", "product:widget"),
    "Competitor": ("competitor:initech", "competitor:initech"),
    "Interaction": ("msg:ae0", "msg:ea0"),
    "KBArticle": ("kb:sso", "kb:invoices"),
    "Concept": ("concept:saml", "concept:sso"),
    "Preference": ("preference:email", "preference:email"),
    "Commitment": ("commitment:sso-guide", "commitment:sso-guide"),
    "Role": ("role:decision-maker", "role:decision-maker"),
    "Campaign": ("campaign:sso-launch", "campaign:billing-webinar"),
    "Queue": ("queue:identity", "queue:identity"),
    "AuditEntry": ("audit:0002", "audit:0001"),
    "Tombstone": ("tombstone:hmac-sha256:00", "tombstone:hmac-sha256:00"),
    "StoreSecret": ("secret:erasure-salt", "secret:erasure-salt"),
}
_LABEL_OF = {label.lower(): label for label in LABELS}


def label(lowercase: str) -> str:
    return _LABEL_OF[lowercase]


def first(lowercase: str) -> str:
    return EXAMPLE_IDS[label(lowercase)][0]


def second(lowercase: str) -> str:
    return EXAMPLE_IDS[label(lowercase)][1]


def evidence(interaction_id: str, text: str) -> str:
    return json.dumps({"interaction_id": interaction_id, "text": text, "start": 0, "end": 4})


NEW_NODE_PROPS: dict[str, Params] = {
    "Account": {"name": "Initrode", "status": "prospect", "aliases": ["Initrode Inc"]},
    "Contact": {"name": "Nina Novak", "email": "nina@initrode.example", "title": "CIO"},
    "Employee": {"name": "Olga Ortiz", "email": "olga@ours.example", "external_id": "olga"},
    "Product": {"name": "Gadget", "unit_price": 12.5},
    "Competitor": {"name": "Hooli"},
    "Interaction": {
        "kind": "email",
        "subject": "Renewal",
        "text": "Can we talk about the renewal?",
        "occurred_at": "2024-06-01T09:00:00+00:00",
        "recipient_count": 1,
    },
    "KBArticle": {"title": "Reset a password", "body": "Open settings, then security."},
    "Concept": {"name": "SCIM", "synonyms": ["provisioning"], "status": "proposed"},
    "Preference": {"name": "morning calls"},
    "Commitment": {"name": "send the price list", "due": "2024-06-15", "status": "open"},
    "Role": {"name": "champion"},
    "Campaign": {"name": "Autumn launch", "subject": "Meet Gadget", "channel": "email"},
    "Queue": {"name": "Billing", "department": "Finance", "members": ["employee:grace"]},
    "AuditEntry": {"action": "fact.approve", "actor": "tester", "target": "fact:x"},
    "Tombstone": {"at": "2024-06-01T09:00:00+00:00"},
    "StoreSecret": {"value": "11ee11ee"},
}


def _node_rows(match: re.Match[str]) -> Params:
    node_label = label(match["label"])
    props = NEW_NODE_PROPS[node_label]
    return {
        "rows": [
            {"id": f"new:{node_label.lower()}", "props": props},
            {"id": EXAMPLE_IDS[node_label][0], "props": {"source": "import"}},
        ],
        "now": NOW,
    }


def _relationship_rows(match: re.Match[str]) -> Params:
    props: Params = {"source": "import"}
    if match["type"] == "participated_in":
        props["role"] = "cc"
    if match["type"] == "purchased":
        props.update(orders=1, quantity=4, revenue=50.0)
    if match["type"] == "responded":  # kept once per kind
        props.update(kind="clicked", date="2024-05-04")
    return {
        "rows": [{"from": first(match["start"]), "to": second(match["end"]), "props": props}],
        "now": NOW,
    }


def _fact_rows(match: re.Match[str]) -> Params:
    subject, obj = first(match["subject"]), second(match["object"])
    fact_type = match["type"].upper()
    return {
        "rows": [
            {
                "subject": subject,
                "object": obj,
                "fact_id": f"fact:{fact_type}:{subject}:{obj}",
                "status": "proposed",
                "valid_from": "2024-05-30T09:00:00+00:00",
                "evidence": evidence("msg:ea1", "We like it."),
                "interaction_id": "msg:ea1",
                "confidence": 0.8,
                "extractor": "tacit.FactExtractor",
                "extractor_version": "test",
                "due": None,
            }
        ],
        "now": NOW,
    }


def _close_fact_rows(match: re.Match[str]) -> Params:
    return {
        "rows": [
            {
                "subject": first(match["subject"]),
                "object": second(match["object"]),
                "said_at": "2024-05-31T09:00:00+00:00",
                "evidence": evidence("msg:ea2", "Not any more."),
            }
        ],
        "now": NOW,
    }


def _knows_rows(match: re.Match[str]) -> Params:
    return {
        "rows": [
            {
                "from": "employee:grace",
                "to": second(match["end"]),
                "strength": 0.25,
                "components": json.dumps({"frequency": {"value": 1, "contribution": 0.25}}),
                "interaction_count": 1,
                "last_interaction_at": "2024-05-30T09:00:00+00:00",
                "last_interaction_id": "msg:news",
                "interaction_ids": ["msg:news"],
            }
        ],
        "now": NOW,
    }


def _move_rows(match: re.Match[str]) -> Params:
    start = first(match["start"])
    return {
        "rows": [{"from": start, "fact_id": f"fact:{match['type'].upper()}:{start}:concept:sso"}],
        "source": "concept:saml",
        "target": "concept:sso",
        "derived": "derived",
        "now": NOW,
    }


def _erased_person(match: re.Match[str]) -> Params:
    if match["what"] == "value_nodes":  # Alice states a role and a preference, Erin promised
        return {"id": first(match["label"])}
    if match["what"] in ("interactions_about", "employees_who_knew"):  # known, mentioned
        return {"id": "contact:alice" if match["label"] == "contact" else "employee:frank"}
    return {"id": "contact:carol" if match["label"] == "contact" else "employee:grace"}


def _put_rows(match: re.Match[str]) -> Params:
    """A relationship written with the properties a merge computed (replacing the old)."""
    rel_type = match["type"].upper()
    start, end = first(match["start"]), second(match["end"])
    props: Params = {"source": "merge", "updated_at": NOW}
    if rel_type == "PARTICIPATED_IN":
        props["role"] = "from"
    if rel_type == "RESPONDED":
        props["kind"] = "opened"
    if rel_type in FACT_TYPES:
        props.update(
            id=f"fact:{rel_type}:{start}:{end}",
            status="approved",
            evidence=[evidence("msg:ea0", "Moved by a merge.")],
            interaction_ids=["msg:ea0"],
            evidence_count=1,
            confidence=0.9,
        )
    return {"rows": [{"from": start, "to": end, "props": props}]}


# A merge's delete of one relationship of a record, by its type and the other end.
DROPPED: dict[tuple[str, str], tuple[str, str, str]] = {
    ("from", "contact"): ("contact:alice", "RESPONDED", "campaign:sso-launch"),
    ("from", "employee"): ("employee:grace", "WROTE", "kb:nothing"),
    ("from", "account"): ("account:globex", "PURCHASED", "product:widget"),
    ("to", "contact"): ("contact:bob", "SENT_TO", "campaign:billing-webinar"),
    ("to", "employee"): ("employee:erin", "REPORTS_TO", "employee:frank"),
    ("to", "account"): ("account:acme", "ABOUT", "order:1"),
}


def _dropped_relationship(match: re.Match[str]) -> Params:
    record, rel_type, other = DROPPED[(match["side"], match["label"])]
    return {"rows": [{"record": record, "type": rel_type, "other": other}]}


def _merged_record(match: re.Match[str]) -> Params:
    node_label = label(match["label"])
    new_id = f"new:merged-{node_label.lower()}"
    if match["what"] == "replace":
        return {"id": new_id, "props": {"id": new_id, **NEW_NODE_PROPS[node_label]}}
    return {"id": new_id}


def _person(match: re.Match[str]) -> Params:
    params: Params = {"id": first(match["label"])}
    if match["what"] == "facts":
        params.update(fact_types=list(FACT_TYPES), rejected="rejected")
    else:
        params["limit"] = 10
    return params


def _person_interactions(match: re.Match[str]) -> Params:
    return {"id": "contact:carol" if match["label"] == "contact" else "employee:frank"}


# Relationships into a concept as the fixture graph has them: (type, from, concept).
INTO_CONCEPT_EXAMPLES: dict[str, tuple[str, str]] = {
    "MENTIONS": ("question:q1", "concept:sso"),
    "ABOUT": ("kb:invoices", "concept:billing"),
    "BROADER": ("concept:saml", "concept:sso"),
    "COMPLAINED_ABOUT": ("contact:alice", "concept:billing"),
    "ASKED_ABOUT": ("contact:carol", "concept:billing"),
    "INTERESTED_IN": ("contact:alice", "concept:sso"),
    "EXPERT_IN": ("employee:erin", "concept:sso"),
}
OTHER_INTO_CONCEPT = ("contact:alice", "concept:sso")


def _fact_properties(fact_type: str, start: str, concept: str) -> Params:
    if fact_type not in FACT_TYPES:  # MENTIONS, ABOUT, BROADER
        return {"created_at": NOW, "updated_at": NOW}
    return {
        "id": f"fact:{fact_type}:{start}:{concept}",
        "status": "proposed",
        "confidence": 0.7,
        "evidence": [evidence("msg:ae1", "They said so.")],
        "interaction_ids": ["msg:ae1"],
        "evidence_count": 1,
        "valid_from": "2024-05-21T09:00:00+00:00",
        "recorded_at": NOW,
        "extractor": "test",
        "extractor_version": "1",
    }


def _restored_rows(match: re.Match[str]) -> Params:
    """Undoing a merge puts back a relationship into the merged concept, as it was."""
    fact_type, start = match["type"].upper(), first(match["start"])
    if label(match["start"]) == "Concept":
        start = "concept:billing"  # BROADER from another concept
    return {
        "rows": [{"from": start, "properties": _fact_properties(fact_type, start, "concept:saml")}],
        "id": "concept:saml",
    }


def _reverted_rows(match: re.Match[str]) -> Params:
    """Undoing a merge returns the kept concept's own relationships to how they were."""
    fact_type = match["type"].upper()
    start, concept = INTO_CONCEPT_EXAMPLES.get(fact_type, OTHER_INTO_CONCEPT)
    return {
        "rows": [{"from": start, "properties": _fact_properties(fact_type, start, concept)}],
        "id": concept,
    }


def _dropped(match: re.Match[str]) -> Params:
    """Undoing a merge drops what the merge moved onto the kept concept."""
    start, concept = INTO_CONCEPT_EXAMPLES.get(match["type"].upper(), OTHER_INTO_CONCEPT)
    return {"id": concept, "froms": [start]}


FAMILIES: list[tuple[re.Pattern[str], Callable[[re.Match[str]], Params]]] = [
    (re.compile(r"(upsert|insert_missing)_(?P<label>[a-z]+)_nodes"), _node_rows),
    (
        re.compile(r"existing_(?P<label>[a-z]+)_ids"),
        lambda m: {"ids": [first(m["label"]), "nobody:there"]},
    ),
    (re.compile(r"get_(?P<label>[a-z]+)"), lambda m: {"id": first(m["label"])}),
    (re.compile(r"schema_(unique_id|fulltext|index)_\w+"), lambda m: {}),
    (re.compile(r"merge_knows__employee__(?P<end>[a-z]+)"), _knows_rows),
    (
        re.compile(r"merge_fact_(?P<type>[a-z_]+)__(?P<subject>[a-z]+)__(?P<object>[a-z]+)"),
        _fact_rows,
    ),
    (
        re.compile(r"close_fact_(?P<type>[a-z_]+)__(?P<subject>[a-z]+)__(?P<object>[a-z]+)"),
        _close_fact_rows,
    ),
    (
        re.compile(r"merge_(?P<type>[a-z_]+)__(?P<start>[a-z]+)__(?P<end>[a-z]+)"),
        _relationship_rows,
    ),
    (re.compile(r"move_(?P<type>[a-z_]+)__(?P<start>[a-z]+)__to_concept"), _move_rows),
    (re.compile(r"export_\w+_(nodes|relationships)"), lambda m: {"skip": 0, "limit": 100}),
    (re.compile(r"gazetteer_[a-z]+"), lambda m: {}),
    (re.compile(r"erasure_(?P<what>[a-z_]+)__(?P<label>contact|employee)"), _erased_person),
    (re.compile(r"person_(?P<what>facts|interactions)__(?P<label>[a-z]+)"), _person),
    (re.compile(r"facts_of_(?P<label>[a-z]+)"), lambda m: {"id": first(m["label"])}),
    (re.compile(r"put_(?P<type>[a-z_]+)__(?P<start>[a-z]+)__(?P<end>[a-z]+)"), _put_rows),
    (
        re.compile(r"drop_relationships_(?P<side>from|to)__(?P<label>[a-z]+)"),
        _dropped_relationship,
    ),
    (re.compile(r"(?P<what>replace|delete)_record__(?P<label>[a-z]+)"), _merged_record),
    (
        re.compile(r"(record_properties|relationships_of)__(?P<label>[a-z]+)"),
        lambda m: {"id": first(m["label"])},
    ),
    (
        re.compile(r"survivors_by_alias__(?P<label>[a-z]+)"),
        lambda m: {
            "ids": [f"{first(m['label'])}-old", "nobody:there"],
            "emails": ["alice.old@acme.example", "erin.old@ours.example", "acme-old.example"],
        },
    ),
    (re.compile(r"identity_candidates__[a-z]+"), lambda m: {}),
    (
        re.compile(r"knows_pair_(shared|replies)__(?P<label>[a-z]+)"),
        lambda m: {
            "pairs": [
                {"employee": "employee:erin", "other": "contact:alice"}
                if m["label"] == "contact"
                else {"employee": "employee:frank", "other": "employee:erin"}
            ]
        },
    ),
    (
        re.compile(r"commitment_ids_of_(?P<label>contact|employee)"),
        lambda m: {**COMMITMENT_PAGE, "owner": first(m["label"])},
    ),
    (
        re.compile(r"commitment_ids_of_account_and_(?P<label>contact|employee)"),
        lambda m: {**COMMITMENT_PAGE, "account": "account:acme", "owner": first(m["label"])},
    ),
    (
        re.compile(r"open_commitments_of_(?P<label>contact|employee)"),
        lambda m: {"ids": [first(m["label"])], "open": "open"},
    ),
    # the web app: search, graph view, timelines, undo of concept merges
    (re.compile(r"searchable_[a-z]+"), lambda m: {}),
    (
        re.compile(r"neighbourhood_of_(?P<label>[a-z]+)"),
        lambda m: {"ids": [first(m["label"])], "types": None, "limit": 50},
    ),
    (re.compile(r"node_name_of_(?P<label>[a-z]+)"), lambda m: {"id": first(m["label"])}),
    (
        re.compile(r"interaction_participants__(contact|employee)"),
        lambda m: {"ids": ["msg:ae0", "msg:ea0", "meeting:2", "ticket:1"]},
    ),
    (re.compile(r"interaction_ids_of__(?P<label>contact|employee)"), _person_interactions),
    (
        re.compile(r"restore_(?P<type>[a-z_]+)__(?P<start>[a-z]+)__to_concept"),
        _restored_rows,
    ),
    (re.compile(r"revert_(?P<type>[a-z_]+)__at_concept"), _reverted_rows),
    (re.compile(r"drop_(?P<type>[a-z_]+)__at_concept"), _dropped),
]
COMMITMENT_PAGE: Params = {"status": "open", "due_before": None, "after": None, "limit": 10}

ACME, ALICE, ERIN, FRANK = "account:acme", "contact:alice", "employee:erin", "employee:frank"
CAMPAIGN, OTHER_CAMPAIGN = EXAMPLE_IDS["Campaign"]
EMPLOYEES = [ERIN, FRANK, "employee:grace"]
HAS_ROLE_FACT = f"fact:HAS_ROLE:{ALICE}:role:decision-maker"

PARAMETERS: dict[str, Params] = {
    # account 360
    "account_by_id": {"id": ACME},
    "account_contacts_with_roles": {"id": ACME},
    "account_products_purchased": {"id": ACME},
    "account_recent_interactions": {"id": ACME, "limit": 5},
    "account_facts": {"id": ACME},
    "account_employee_commitments": {"id": ACME},
    "who_knows_account": {"id": ACME},
    "top_accounts_by_revenue": {"limit": 5},
    # audit
    "add_audit_entry": {
        "id": "audit:0001",
        "action": "fact.approve",
        "actor": "curator-1",
        "target": HAS_ROLE_FACT,
        "at": NOW,
        "source": "api",
        "reason": "the evidence says so",
        "undo": json.dumps(
            {"kind": "fact.status", "fact_id": HAS_ROLE_FACT, "previous_status": "proposed"}
        ),
    },
    "audit_page": {"action": None, "actor": None, "after": None, "limit": 10},
    "audit_entry_undo": {"id": "audit:0001"},
    "mark_audit_entry_undone": {"id": "audit:0001", "at": NOW, "actor": "curator-1"},
    "curation_actions": {"prefixes": ["fact.", "concept."], "after": None, "limit": 20},
    # campaigns (test_every_query.py adds them and a reply by mail to the fixture graph)
    "campaigns": {},
    "campaign_by_id": {"id": CAMPAIGN},
    "campaign_recipients": {"id": CAMPAIGN},
    "campaign_responses": {"id": CAMPAIGN},
    "campaign_sent_counts": {},
    "campaign_responder_counts": {},
    "campaign_reply_candidates": {"since": "2024-05-01T09:00:00+00:00"},
    "campaign_reply_senders": {"ids": ["msg:ca0", "msg:ae0", "msg:ea0"]},
    # curation, and its undo
    "concept_incoming_with_properties": {"id": "concept:sso"},
    "concept_node_properties": {"id": "concept:saml"},
    "restore_concept_node": {
        "id": "concept:scim",
        "properties": {
            "id": "concept:scim",
            "name": "SCIM",
            "synonyms": ["provisioning"],
            "status": "approved",
            "source": "api",
            "created_at": NOW,
        },
        "now": NOW,
    },
    "set_concept_synonyms": {"id": "concept:sso", "synonyms": ["single sign-on"], "now": NOW},
    "delete_broader_links_of_concept": {"id": "concept:saml", "parents": ["concept:sso"]},
    "set_fact_status": {
        "id": HAS_ROLE_FACT,
        "fact_types": list(FACT_TYPES),
        "status": "approved",
        "now": NOW,
    },
    "update_concept": {
        "id": "concept:sso",
        "name": "SSO",
        "synonyms": ["single sign-on", "sso login"],
        "status": "approved",
        "now": NOW,
    },
    "delete_broader_of_concept": {"id": "concept:saml"},
    "add_broader_to_concept": {"id": "concept:saml", "broader": ["concept:sso"], "now": NOW},
    "concepts_narrower_than": {"id": "concept:sso"},
    "concept_incoming_relationships": {"id": "concept:billing"},
    "move_broader_out_of_concept": {
        "source": "concept:saml",
        "target": "concept:billing",
        "now": NOW,
    },
    "merge_concept_names": {
        "source": "concept:saml",
        "target": "concept:sso",
        "synonyms": ["single sign-on", "SAML"],
        "now": NOW,
    },
    "kb_article_and_interaction": {"article_id": "kb:invoices", "interaction_id": "ticket:1"},
    "record_kb_article_usage": {
        "article_id": "kb:sso",
        "interaction_id": "question:q1",
        "helped": True,
        "now": NOW,
        "source": "api",
    },
    # erasure
    "erasure_facts_to_scrub": {"interaction_ids": ["meeting:2"], "terms": ["carol"]},
    "erasure_interactions_naming": {"interaction_ids": ["meeting:2"], "terms": ["invoice"]},
    "erasure_articles_naming": {"terms": ["invoice"]},
    "erasure_value_nodes_naming": {"terms": ["sso guide"]},
    "erasure_update_fact_evidence": {
        "rows": [
            {
                "id": "fact:INTRODUCED:contact:carol:contact:dave",
                "evidence": [evidence("meeting:2", "[redacted] introduced Dave.")],
                "interaction_ids": ["meeting:2"],
                "closed_by": None,
            }
        ],
        "now": NOW,
    },
    "erasure_delete_facts": {"ids": ["fact:EVALUATING:contact:alice:competitor:initech"]},
    "erasure_redact_interactions": {
        "rows": [{"id": "msg:ac", "subject": "[redacted]", "text": "[redacted]", "body": None}],
        "now": NOW,
    },
    "erasure_redact_articles": {
        "rows": [{"id": "kb:invoices", "title": "Export invoices", "body": "[redacted]"}],
        "now": NOW,
    },
    "erasure_redact_value_nodes": {
        "rows": [{"id": "preference:email", "name": "[redacted]"}],
        "now": NOW,
    },
    "erasure_delete_interactions": {"ids": ["msg:ac"]},
    "erasure_remove_queue_members": {"ids": ["employee:erin"], "now": NOW},
    "erasure_delete_orphan_value_nodes": {"ids": ["preference:email", "role:decision-maker"]},
    # expertise
    "concept_lexicon": {},
    "expertise_interaction_text_sample": {"k": 100},
    "expertise_matching_interactions": {
        "q": "SAML certificate",
        "k": 20,
        "kinds": ["question", "answer", "ticket"],
        "before": None,
    },
    "expertise_document_people": {
        "ids": ["question:q1", "question:q2", "ticket:1"],
        "before": "2024-05-01T00:00:00+00:00",
    },
    "expertise_for_concepts": {"concept_ids": ["concept:sso", "concept:billing"]},
    "expertise_employee_activity": {"ids": EMPLOYEES},
    "expertise_activity_before": {"before": "2024-04-02T12:00:00+00:00"},
    "set_employee_expertise_activity": {
        "rows": [{"id": FRANK, "activity": 1.5, "answers": 0, "accepted": 0, "activity_count": 4}]
    },
    "expertise_evidence_interactions": {"ids": EMPLOYEES, "as_of": None},
    "expertise_interaction_concepts": {"ids": ["answer:q1", "answer:q3", "ticket:1"]},
    "expertise_evidence_articles": {"ids": [ERIN]},
    "expertise_stated_facts": {"ids": EMPLOYEES},
    "expertise_concept_work_before": {
        "concept_ids": ["concept:sso", "concept:saml", "concept:billing"],
        "before": "2024-05-01T00:00:00+00:00",
    },
    "expertise_authored_articles_for_concepts": {"concept_ids": ["concept:sso"], "before": None},
    "expertise_article_authors": {"ids": ["kb:sso", "kb:invoices"], "before": NOW},
    "expertise_interaction_texts": {"ids": ["answer:q1", "ticket:1", "nothing:here"]},
    "delete_derived_expertise": {"ids": [ERIN]},
    "merge_derived_expertise": {
        "rows": [
            {
                "from": ERIN,
                "to": "concept:saml",
                "score": 1.25,
                "components": json.dumps({"answers": {"value": 1, "contribution": 1.25}}),
                "interaction_count": 1,
                "evidence_count": 1,
                "interaction_ids": ["answer:q2"],
                "last_interaction_at": "2024-04-02T11:00:00+00:00",
            }
        ],
        "now": NOW,
    },
    # people, intro, knows
    "people_by_email": {"emails": ["erin@ours.example", "nobody@example.com"]},
    "accounts_by_domain": {"domains": ["acme.example"]},
    "accounts_of_people": {"ids": [ALICE, "contact:carol"]},
    "intro_employee_links": {"ids": [ERIN, FRANK]},
    "intro_contact_links": {"ids": ["contact:carol", "contact:dave"]},
    "intro_contact_shared_threads": {"ids": [ALICE], "max_recipients": 5},
    "employee_ids": {},
    "shared_interactions_of_employees": {"ids": EMPLOYEES},
    "delete_knows_of_employees": {"ids": ["employee:grace"]},
    "interactions_by_ids": {"ids": ["msg:ea0", "meeting:1", "nothing:here"]},
    "interaction_with_people": {"id": "msg:ae0"},
    "account_interactions_index": {"id": ACME},
    "interactions_with_snippets": {"ids": ["msg:ae0", "ticket:1", "nothing:here"]},
    # replies: Erin's answer to Carol's reply (test_every_query.py) waits for its parent
    "link_waiting_replies": {"ids": ["msg:ca0", "msg:ae0"], "now": NOW},
    "reporting_lines": {},
    # knowledge base
    "kb_text_search": {"q": "invoice", "k": 10},
    "kb_articles_for_concepts": {"concept_ids": ["concept:sso", "concept:billing"]},
    "kb_articles_by_ids": {"ids": ["kb:sso", "kb:invoices"]},
    "kb_all_articles": {},
    "kb_customer_questions": {"limit": 10},
    "kb_faq_fingerprint": {},
    "kb_article_words": {"ids": ["kb:sso", "kb:invoices"]},
    "kb_earlier_questions": {"ids": ["question:q1", "ticket:1", "answer:q1"]},
    "kb_hits_by_ids": {"ids": ["kb:invoices", "kb:sso"]},
    # routing
    "routing_queues": {},
    "routing_department_members": {"departments": ["Support"]},
    "routing_product_names": {},
    "routing_employee_load": {"ids": EMPLOYEES, "open": "open"},
    # lists and details
    "accounts_page": {"q": "ac", "status": None, "after": None, "limit": 10},
    "facts_review_page": {
        "fact_types": list(FACT_TYPES),
        "status": "approved",
        "relation": None,
        "after": None,
        "limit": 20,
    },
    "fact_by_id": {"id": HAS_ROLE_FACT, "fact_types": list(FACT_TYPES)},
    "contact_with_account": {"id": ALICE},
    "contact_known_by": {"id": ALICE, "limit": 5},
    "employee_with_manager": {"id": FRANK},
    "employee_direct_reports": {"id": ERIN},
    "employee_knows": {"id": ERIN, "limit": 5},
    "employee_expertise": {"id": "employee:grace", "rejected": "rejected"},
    "concepts_page": {"q": "s", "status": None, "after": None, "limit": 10},
    "concept_proposals_by_support": {"status": "approved", "skip": 0, "limit": 10},
    "concept_counts_by_status": {},
    "promote_supported_concepts": {"min_interactions": 1, "min_writers": 1, "now": NOW},
    "fact_review_queue": {
        "fact_types": list(FACT_TYPES),
        "status": "proposed",
        "relation": None,
        "min_confidence": 0.5,
        "max_confidence": None,
        "by_support": False,
        "skip": 0,
        "limit": 20,
    },
    "fact_review_queue_of_account": {
        "account": ACME,
        "fact_types": list(FACT_TYPES),
        "status": None,
        "relation": None,
        "min_confidence": None,
        "max_confidence": None,
        "by_support": True,
        "skip": 0,
        "limit": 20,
    },
    "concept_with_broader": {"id": "concept:saml"},
    # prospecting
    "prospecting_purchases": {},
    "prospecting_accounts": {},
    "prospecting_products": {},
    # maintenance, schema, stats
    "delete_everything": {},
    # commitments
    "commitment_ids_page": {**COMMITMENT_PAGE, "due_before": "2024-07-01"},
    "commitment_ids_of_account": {**COMMITMENT_PAGE, "account": ACME},
    "commitments_by_ids": {"ids": ["commitment:sso-guide", "commitment:nothing"]},
    "commitment_interactions_made_in": {"ids": ["msg:ea0", "msg:ae2"]},
    "set_commitment_status": {
        "id": "commitment:sso-guide",
        "status": "done",
        "actor": "curator-1",
        "now": NOW,
    },
    # derived data kept fresh: what a batch touched
    "employees_among": {"ids": [ERIN, ALICE, "nobody:there"]},
    "activity_workers_among": {"ids": ["answer:q1", "ticket:1", "msg:ea0"]},
    "employees_of_interactions": {"ids": ["msg:ea0", "answer:q1", "msg:ef0"]},
    "replies_exchanged_by_employees": {"ids": EMPLOYEES},
    "orders_handled_by_employees": {"ids": EMPLOYEES},
    "knows_as_of_of_employees": {"ids": EMPLOYEES},
    "knows_pair_rows_shared": {"ids": ["msg:ea0", "meeting:1", "msg:ef0", "msg:news"]},
    "knows_pair_rows_replies": {"ids": ["answer:q1", "msg:fe0"]},
    "knows_pair_rows_orders": {"ids": ["order:1"]},
    "knows_pair_orders": {"pairs": [{"employee": FRANK, "other": ALICE}]},
    "delete_knows_pairs": {"pairs": [{"employee": "employee:grace", "other": ALICE}]},
    # identity: merges and their undo
    "latest_merge_of_record": {"actions": ["person.merge"], "prefix": "contact:alice-old -> "},
    # erasure: tombstones, the salt, concepts and audit entries naming the person
    "store_secret": {"id": "secret:erasure-salt"},
    "add_store_secret": {"id": "secret:erasure-salt", "value": "22dd22dd", "source": "tacit"},
    "existing_tombstones": {"ids": ["tombstone:hmac-sha256:00", "tombstone:hmac-sha256:ff"]},
    "add_tombstones": {"ids": ["tombstone:hmac-sha256:01"], "at": NOW, "source": "erasure"},
    "erasure_concepts_naming": {"terms": ["saml", "single"]},
    "erasure_redact_concepts": {
        "rows": [{"id": "concept:saml", "name": "SAML", "synonyms": []}],
        "now": NOW,
    },
    "erasure_delete_concepts": {"ids": ["concept:nothing"]},
    "erasure_audit_naming": {"terms": ["contact:carol", "fact:"]},
    "erasure_scrub_audit": {"rows": [{"id": "audit:0001", "target": "hmac-sha256:00"}]},
    "schema_await_indexes": {"seconds": 60},
    "count_nodes_by_label": {},
    "count_relationships_by_type": {},
}


@dataclass(frozen=True)
class Comparison:
    """How the two engines' answers to one query are compared."""

    unordered: bool = False  # ORDER BY leaves ties whose order differs between engines
    columns: tuple[str, ...] | None = None  # compare only these columns (None: all)
    neo4j_only: bool = False  # Grafeo runs its own statement for this (schema setup)


# Queries whose answers differ by design between the engines, and why.
COMPARISONS: dict[str, Comparison] = {
    # Lucene's scores and Grafeo's BM25 differ, and Grafeo searches title and body apart.
    "kb_text_search": Comparison(columns=("id",)),
    "expertise_matching_interactions": Comparison(columns=("id", "kind")),
}
# Grafeo creates its indexes through its own API (GrafeoStore.create_schema).
NEO4J_ONLY = re.compile(r"schema_(fulltext|index)_\w+|schema_await_indexes")


def comparison_for(name: str) -> Comparison:
    if NEO4J_ONLY.fullmatch(name):
        return Comparison(neo4j_only=True)
    return COMPARISONS.get(name, Comparison())


class MissingParameters(LookupError):
    pass


def parameters_for(name: str) -> Params:
    """The realistic parameters of query `name`; raises MissingParameters naming the fix."""
    if name in PARAMETERS:
        return PARAMETERS[name]
    for pattern, build in FAMILIES:
        match = pattern.fullmatch(name)
        if match:
            return build(match)
    raise MissingParameters(
        f"query {name!r} has no realistic parameters: add them to PARAMETERS (or FAMILIES, for "
        "a generated family) in tests/neo4j/query_parameters.py, with ids from the fixture "
        "graph in tests/integration/test_services_graph.py"
    )
