"""The domain model: labels, relationship types, fact types and their allow-lists.

Every node has a stable string `id` (unique per label), `created_at`, `updated_at` and
`source`. Labels and relationship types reach Cypher only through the allow-lists here,
because Cypher cannot take them as parameters.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator

from graph.errors import UnknownIdentifier

SAFE_IDENTIFIER = re.compile(r"^[A-Z][A-Za-z0-9_]*$")

# Size limits, enforced wherever a record enters (import, ingest, the API): a name the
# NLP gazetteer must match stays short, and no single value can exhaust the store.
MAX_ID_LENGTH = 500
MAX_NAME_LENGTH = 300  # names, aliases, synonyms, titles, subjects
MAX_NAMES = 100  # aliases or synonyms of one node
MAX_VALUE_LENGTH = 2_000  # any other text property (a domain, a city, a status)
MAX_LIST_ITEMS = 1_000  # any other list property
MAX_TEXT_LENGTH = 1_000_000  # a message's text or body, an article's body

Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_LENGTH)]
OptionalName = Annotated[str | None, Field(max_length=MAX_NAME_LENGTH)]
Names = Annotated[
    list[Annotated[str, Field(max_length=MAX_NAME_LENGTH)]], Field(max_length=MAX_NAMES)
]
Value = Annotated[str | None, Field(max_length=MAX_VALUE_LENGTH)]
NodeRef = Annotated[str | None, Field(max_length=MAX_ID_LENGTH)]
NodeRefs = Annotated[
    list[Annotated[str, Field(max_length=MAX_ID_LENGTH)]], Field(max_length=MAX_LIST_ITEMS)
]
LongText = Annotated[str | None, Field(max_length=MAX_TEXT_LENGTH)]


class AccountStatus(StrEnum):
    LEAD = "lead"
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    CHURNED = "churned"


class ReviewStatus(StrEnum):
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class ConceptStatus(StrEnum):
    """A concept's place in curation. A `candidate` is a phrase found in text and kept
    for its support; it becomes `proposed` (in the review queue) once supported."""

    CANDIDATE = "candidate"
    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"


class InteractionKind(StrEnum):
    EMAIL = "email"
    CALL = "call"
    MEETING = "meeting"
    NOTE = "note"
    TICKET = "ticket"
    QUESTION = "question"
    ANSWER = "answer"
    ORDER = "order"


class MessageKind(StrEnum):
    """What a message is, decided before any fact is read from it (`nlp.kinds`)."""

    BUSINESS = "business"
    BULK = "bulk"
    NEWSLETTER = "newsletter"
    AUTOMATED = "automated"
    AUTO_REPLY = "auto_reply"
    FORWARDED_ARTICLE = "forwarded_article"
    QA = "qa"


class ParticipantRole(StrEnum):
    FROM = "from"
    TO = "to"
    CC = "cc"
    AUTHOR = "author"
    ATTENDEE = "attendee"
    HANDLER = "handler"


class Node(BaseModel):
    """Fields every node carries; subclasses add their own."""

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    label: ClassVar[str]
    id: str = Field(min_length=1, max_length=MAX_ID_LENGTH)
    source: Annotated[str, Field(max_length=MAX_NAME_LENGTH)] = "import"
    external_id: NodeRef = None

    @field_validator("id")
    @classmethod
    def _id_has_no_surrounding_space(cls, value: str) -> str:
        if value != value.strip():
            raise ValueError("id must not start or end with whitespace")
        return value

    def properties(self) -> dict[str, Any]:
        """The node's stored properties (timestamps are set by the store's queries)."""
        return {
            key: _storable(value)
            for key, value in self.model_dump(exclude_none=True).items()
            if key not in RELATIONSHIP_FIELDS
        }


def _normalized_email(value: str | None) -> str | None:
    return value.strip().lower() if value else value


class Account(Node):
    label: ClassVar[str] = "Account"
    name: Name
    aliases: Names = Field(default_factory=list)
    domain: Value = None
    # Set by merges only (absent from imports, so an import never clears them).
    other_domains: list[str] | None = None
    merged_ids: list[str] | None = None
    status: AccountStatus = AccountStatus.PROSPECT
    industry: Value = None
    city: Value = None
    country: Value = None


class Contact(Node):
    label: ClassVar[str] = "Contact"
    name: Name
    aliases: Names = Field(default_factory=list)
    email: Value = None
    # Set by merges only (absent from imports, so an import never clears them).
    other_emails: list[str] | None = None
    merged_ids: list[str] | None = None
    title: OptionalName = None
    phone: Value = None
    account: NodeRef = None

    _email = field_validator("email")(_normalized_email)


class Employee(Node):
    label: ClassVar[str] = "Employee"
    name: Name
    aliases: Names = Field(default_factory=list)
    email: Value = None
    # Set by merges only (absent from imports, so an import never clears them).
    other_emails: list[str] | None = None
    merged_ids: list[str] | None = None
    title: OptionalName = None
    phone: Value = None
    department: Value = None
    manager: NodeRef = None

    _email = field_validator("email")(_normalized_email)


class Product(Node):
    label: ClassVar[str] = "Product"
    name: Name
    aliases: Names = Field(default_factory=list)
    category: Value = None
    unit_price: float | None = None


class Competitor(Node):
    label: ClassVar[str] = "Competitor"
    name: Name
    aliases: Names = Field(default_factory=list)
    domain: Value = None


class Interaction(Node):
    label: ClassVar[str] = "Interaction"
    kind: InteractionKind
    message_kind: MessageKind | None = None
    subject: Annotated[str | None, Field(max_length=MAX_VALUE_LENGTH)] = None
    text: LongText = None
    body: LongText = None
    occurred_at: datetime | None = None
    thread: NodeRef = None
    in_reply_to: NodeRef = None
    attachments: Annotated[
        list[Annotated[str, Field(max_length=MAX_VALUE_LENGTH)]], Field(max_length=MAX_LIST_ITEMS)
    ] = Field(default_factory=list)
    recipient_count: int | None = None
    accepted: bool | None = None
    score: int | None = None


class KBArticle(Node):
    label: ClassVar[str] = "KBArticle"
    title: Name
    body: Annotated[str, Field(max_length=MAX_TEXT_LENGTH)] = ""
    status: Annotated[str, Field(max_length=MAX_VALUE_LENGTH)] = "published"
    version: int = 1
    about: NodeRefs = Field(default_factory=list)
    author: NodeRef = None


class Queue(Node):
    """A team or department that takes requests: the concepts and products it covers
    (`about`, also accepted as `concepts`), its members by id, and/or a department whose
    employees are its members."""

    label: ClassVar[str] = "Queue"
    name: Name
    description: Value = None
    department: Value = None
    members: NodeRefs = Field(default_factory=list)
    about: NodeRefs = Field(
        default_factory=list, validation_alias=AliasChoices("about", "concepts")
    )


class Concept(Node):
    label: ClassVar[str] = "Concept"
    name: Name
    synonyms: Names = Field(default_factory=list)
    status: ConceptStatus = ConceptStatus.APPROVED
    broader: NodeRefs = Field(default_factory=list)

    @field_validator("broader", mode="before")
    @classmethod
    def _one_broader_is_a_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class Preference(Node):
    label: ClassVar[str] = "Preference"
    name: Annotated[str, Field(min_length=1, max_length=MAX_VALUE_LENGTH)]


CommitmentStatus = Literal["open", "done", "cancelled"]


class Commitment(Node):
    """One promise: made in one interaction (`made_in`) by one person, to the accounts it
    is PROMISED_TO; its status says who changed it last, and when."""

    label: ClassVar[str] = "Commitment"
    name: Annotated[str, Field(min_length=1, max_length=MAX_VALUE_LENGTH)]
    due: date | None = None
    status: CommitmentStatus = "open"
    made_in: str | None = None
    status_changed_by: str | None = None
    status_changed_at: datetime | None = None


class Role(Node):
    label: ClassVar[str] = "Role"
    name: Name


class CampaignResponseKind(StrEnum):
    """How a contact responded to a campaign, from the lightest touch to a sale."""

    OPENED = "opened"
    CLICKED = "clicked"
    REPLIED = "replied"
    MEETING = "meeting"
    BOUGHT = "bought"


class Campaign(Node):
    """A marketing campaign: sent to contacts (SENT_TO), answered by some (RESPONDED).

    `subject` and `message_id` (the Message-ID of the campaign mail) let replies that
    arrive as mail be linked to the campaign.
    """

    label: ClassVar[str] = "Campaign"
    name: Name
    subject: OptionalName = None
    channel: Value = None
    started_at: datetime | None = None
    message_id: Value = None


class AuditEntry(Node):
    label: ClassVar[str] = "AuditEntry"
    action: str
    actor: str
    target: str
    at: datetime
    reason: str | None = None
    undo: str | None = None  # JSON: what undoing the action restores
    undone_at: datetime | None = None
    undone_by: str | None = None


class Tombstone(Node):
    """An erased person: the id is a keyed hash of one of their addresses or ids."""

    label: ClassVar[str] = "Tombstone"
    at: datetime


class StoreSecret(Node):
    """A random value kept in the store (the salt of erasure hashes)."""

    label: ClassVar[str] = "StoreSecret"
    value: str


NODE_MODELS: dict[str, type[Node]] = {
    model.label: model
    for model in (
        Account,
        Contact,
        Employee,
        Product,
        Competitor,
        Interaction,
        KBArticle,
        Queue,
        Concept,
        Preference,
        Commitment,
        Role,
        Campaign,
        AuditEntry,
        Tombstone,
        StoreSecret,
    )
}
LABELS: tuple[str, ...] = tuple(NODE_MODELS)

# Fields of a record that become relationships rather than node properties.
RELATIONSHIP_FIELDS = frozenset({"account", "manager", "about", "author", "broader"})

PEOPLE = ("Contact", "Employee")
FACT_SUBJECTS = ("Contact", "Employee", "Account")
FACT_OBJECTS = (
    "Account",
    "Contact",
    "Employee",
    "Product",
    "Competitor",
    "Concept",
    "Preference",
    "Commitment",
    "Role",
)
MENTIONABLE = ("Account", "Contact", "Employee", "Product", "Competitor", "Concept")

# Relationship type -> (allowed start labels, allowed end labels).
STRUCTURAL_RELATIONSHIPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "WORKS_AT": (PEOPLE, ("Account",)),
    "REPORTS_TO": (PEOPLE, PEOPLE),
    "PURCHASED": (("Account",), ("Product",)),
    "PARTICIPATED_IN": (PEOPLE, ("Interaction",)),
    "REPLY_TO": (("Interaction",), ("Interaction",)),
    "ABOUT": (
        ("Interaction", "KBArticle", "Product", "Queue"),
        ("Account", "Product", "Competitor", "Concept", "Campaign"),
    ),
    "MENTIONS": (("Interaction", "KBArticle"), MENTIONABLE),
    "WROTE": (PEOPLE, ("KBArticle", "Interaction")),
    "RESOLVED_BY": (("Interaction",), ("KBArticle",)),
    "BROADER": (("Concept",), ("Concept",)),
    "PROMISED_TO": (("Commitment",), ("Account", "Contact")),
    "SENT_TO": (("Campaign",), ("Contact",)),
    "RESPONDED": (("Contact",), ("Campaign",)),
}

# Structural relationships kept once per value of a property, not once per pair of ends:
# a contact may open, click and reply to the same campaign.
RELATIONSHIP_KEYS: dict[str, str] = {"RESPONDED": "kind"}

# The property keys a structural relationship may carry, per type (from records, the
# API, or ingest); the store sets `created_at` and `updated_at` itself.
STRUCTURAL_PROPERTY_KEYS: dict[str, frozenset[str]] = {
    "WORKS_AT": frozenset({"title", "since", "until"}),
    "REPORTS_TO": frozenset({"since", "until"}),
    "PURCHASED": frozenset(
        {"orders", "quantity", "revenue", "first_date", "last_date", "currency"}
    ),
    "PARTICIPATED_IN": frozenset({"role"}),
    "REPLY_TO": frozenset(),
    "ABOUT": frozenset(),
    "MENTIONS": frozenset({"defines"}),
    "WROTE": frozenset(),
    "RESOLVED_BY": frozenset({"helped", "used_at"}),
    "BROADER": frozenset(),
    "SENT_TO": frozenset({"date", "channel"}),
    "RESPONDED": frozenset({"kind", "date", "interaction_id", "matched_by"}),
}


def check_relationship_properties(rel_type: str, properties: dict[str, Any]) -> None:
    """Raise ValueError naming the first key not allowed on `rel_type`, a value that is
    not a scalar or a list of scalars within the size limits, or a missing or unknown
    value of the key the relationship is kept once per (RELATIONSHIP_KEYS)."""
    allowed = STRUCTURAL_PROPERTY_KEYS.get(rel_type, frozenset())
    for key, value in properties.items():
        if key not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise ValueError(f"{rel_type}: property {key!r} is not allowed (allowed keys: {known})")
        if not _is_property_value(value):
            raise ValueError(
                f"{rel_type}: property {key!r} must be a scalar or a list of at most "
                f"{MAX_LIST_ITEMS} scalars, each text at most {MAX_VALUE_LENGTH} characters"
            )
    if rel_type == "RESPONDED":
        kinds = [kind.value for kind in CampaignResponseKind]
        value = properties.get(RELATIONSHIP_KEYS[rel_type])
        if value not in kinds:
            raise ValueError(f"RESPONDED needs 'kind', one of {', '.join(kinds)}; got {value!r}")


def _is_property_value(value: Any) -> bool:
    if isinstance(value, list):
        return len(value) <= MAX_LIST_ITEMS and all(_is_scalar(item) for item in value)
    return _is_scalar(value)


def _is_scalar(value: Any) -> bool:
    if isinstance(value, str):
        return len(value) <= MAX_VALUE_LENGTH
    return isinstance(value, int | float | bool)


FACT_TYPES: tuple[str, ...] = (
    "INTERESTED_IN",
    "COMPLAINED_ABOUT",
    "PRAISED",
    "USES",
    "EVALUATING",
    "PREFERS",
    "HAS_ROLE",
    "REPORTS_TO",
    "INTRODUCED",
    "COMMITTED_TO",
    "ASKED_ABOUT",
    "EXPERT_IN",
    "FULFILLED",
)
FACT_RELATIONSHIPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "INTERESTED_IN": (FACT_SUBJECTS, ("Product", "Concept", "Competitor")),
    "COMPLAINED_ABOUT": (FACT_SUBJECTS, ("Product", "Concept", "Competitor")),
    "PRAISED": (FACT_SUBJECTS, ("Product", "Concept", "Competitor", "Employee", "Contact")),
    "USES": (FACT_SUBJECTS, ("Product", "Competitor", "Concept")),
    "EVALUATING": (FACT_SUBJECTS, ("Product", "Competitor", "Concept")),
    "PREFERS": (FACT_SUBJECTS, ("Preference", "Product", "Concept", "Competitor")),
    "HAS_ROLE": (PEOPLE, ("Role",)),
    "REPORTS_TO": (PEOPLE, PEOPLE),
    "INTRODUCED": (PEOPLE, PEOPLE),
    "COMMITTED_TO": (FACT_SUBJECTS, ("Commitment",)),
    "ASKED_ABOUT": (FACT_SUBJECTS, ("Product", "Concept", "Competitor")),
    "EXPERT_IN": (PEOPLE, ("Concept", "Product", "Competitor")),
    # A later message says a promise was kept: approving it marks the commitment done.
    "FULFILLED": (PEOPLE, ("Commitment",)),
}
# Facts ingest infers by matching a message against the graph, not extracted from text alone.
INFERRED_FACT_TYPES: tuple[str, ...] = ("FULFILLED",)

DERIVED_RELATIONSHIPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "KNOWS": (PEOPLE, PEOPLE),
    "EXPERT_IN": (("Employee",), ("Concept",)),
}

RELATIONSHIP_TYPES: tuple[str, ...] = tuple(
    dict.fromkeys([*STRUCTURAL_RELATIONSHIPS, *FACT_TYPES, *DERIVED_RELATIONSHIPS])
)


def relationship_endpoints(rel_type: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The labels a relationship of `rel_type` may start and end at."""
    check_relationship_type(rel_type)
    starts: dict[str, None] = {}
    ends: dict[str, None] = {}
    for table in (STRUCTURAL_RELATIONSHIPS, FACT_RELATIONSHIPS, DERIVED_RELATIONSHIPS):
        if rel_type in table:
            starts.update(dict.fromkeys(table[rel_type][0]))
            ends.update(dict.fromkeys(table[rel_type][1]))
    return tuple(starts), tuple(ends)


NODE_BASE_PROPERTIES = ("id", "created_at", "updated_at", "source", "external_id")
RELATIONSHIP_PROPERTIES = (
    # structural
    "role",
    "title",
    "since",
    "until",
    "currency",
    "orders",
    "quantity",
    "revenue",
    "first_date",
    "last_date",
    "helped",
    "used_at",
    "date",
    "channel",
    "kind",
    "matched_by",
    "interaction_id",
    "defines",
    # facts: provenance and lifecycle
    "id",
    "evidence",
    "interaction_ids",
    "confidence",
    "extractor",
    "extractor_version",
    "status",
    "valid_from",
    "valid_to",
    "recorded_at",
    "evidence_count",
    "due",
    "negated",
    "closed_by",
    # derived
    "strength",
    "score",
    "components",
    "computed_at",
    "last_interaction_at",
    "last_interaction_id",
    "interaction_count",
    "as_of",
    "created_at",
    "updated_at",
    "source",
)


# Set on Employee nodes by derive_expertise: the prior of the expert finder.
DERIVED_NODE_PROPERTIES = (
    "expertise_activity",
    "expertise_answers",
    "expertise_accepted",
    "expertise_activity_count",
)


def property_keys() -> tuple[str, ...]:
    """Every property key the model knows, for the Cypher check's schema."""
    keys: dict[str, None] = dict.fromkeys(NODE_BASE_PROPERTIES + DERIVED_NODE_PROPERTIES)
    for model in NODE_MODELS.values():
        keys.update(dict.fromkeys(k for k in model.model_fields if k not in RELATIONSHIP_FIELDS))
    keys.update(dict.fromkeys(RELATIONSHIP_PROPERTIES))
    return tuple(keys)


def check_label(label: str) -> str:
    """Return `label` if the model allows it, else raise `UnknownIdentifier`."""
    if label not in NODE_MODELS or not SAFE_IDENTIFIER.match(label):
        raise UnknownIdentifier(f"unknown label {label!r}; known labels: {', '.join(LABELS)}")
    return label


def check_relationship_type(rel_type: str) -> str:
    """Return `rel_type` if the model allows it, else raise `UnknownIdentifier`."""
    if rel_type not in RELATIONSHIP_TYPES or not SAFE_IDENTIFIER.match(rel_type):
        raise UnknownIdentifier(
            f"unknown relationship type {rel_type!r}; known types: {', '.join(RELATIONSHIP_TYPES)}"
        )
    return rel_type


def _storable(value: Any) -> Any:
    """Turn a model value into something both engines store as a property."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value
