"""Campaigns: who they were sent to, who responded, response rates by segment, and
replies that arrive as mail linked to their campaign.

A campaign is SENT_TO contacts; a contact RESPONDED to it with one or more kinds, from
the lightest touch to a sale: opened, clicked, replied, meeting, bought. A recipient
has responded "at least" a kind when one of its responses is that kind or a later one
(a meeting implies a reply). A response rate is responders / recipients of a segment
(the account's industry, country or status; `unknown` when the account does not say),
with its 95% Wilson interval so small segments do not look surer than they are.

A mail is a reply to a campaign when its In-Reply-To is the campaign's Message-ID, or
its subject without `Re:`/`Fwd:` prefixes is the campaign's subject and it was sent on
or after the campaign started. It is then ABOUT the campaign, and its sender, a
contact, RESPONDED to it with kind `replied` (`matched_by` says which rule matched).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from graph.errors import NotFound
from graph.ids import message_id
from graph.model import CampaignResponseKind
from graph.queries import campaigns as queries
from graph.stores.base import GraphStore, Row
from graph.writes import GraphWriter, Relationship

__all__ = [
    "CampaignResponseRates",
    "CampaignSummary",
    "ReplyCandidate",
    "ReplyLink",
    "SegmentResponse",
    "link_campaign_replies",
    "list_campaigns",
    "normalized_subject",
    "response_rates",
]

Segment = Literal["industry", "country", "status"]
SEGMENTS: tuple[Segment, ...] = ("industry", "country", "status")
FUNNEL = [kind.value for kind in CampaignResponseKind]
UNKNOWN = "unknown"
WILSON_Z = 1.96
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|wg|sv|vs|tr|rv)\s*(\[\d+\])?\s*:\s*)+", re.I)
SENDER_BATCH = 500


class CampaignSummary(BaseModel):
    id: str
    name: str | None = None
    subject: str | None = None
    channel: str | None = None
    started_at: str | None = None
    sent: int = 0
    responded: int = 0
    response_rate: float | None = None


class SegmentResponse(BaseModel):
    """Recipients and responders of one segment; `rate_low`/`rate_high`: 95% interval."""

    segment: str
    sent: int
    responded: int
    rate: float
    rate_low: float
    rate_high: float
    by_kind: dict[str, int]


class CampaignResponseRates(BaseModel):
    campaign: CampaignSummary
    by: Segment
    kind: str | None
    overall: SegmentResponse
    segments: list[SegmentResponse]
    responses_from_non_recipients: int


@dataclass(frozen=True)
class ReplyCandidate:
    """An ingested email that may answer a campaign."""

    interaction_id: str
    subject: str | None
    in_reply_to: str | None
    occurred_at: str | None


class ReplyLink(BaseModel):
    interaction_id: str
    campaign_id: str
    contact_id: str | None
    matched_by: Literal["in_reply_to", "subject"]


def list_campaigns(store: GraphStore) -> list[CampaignSummary]:
    """Every campaign with how many it was sent to and how many responded."""
    sent = {row["id"]: int(row["sent"]) for row in store.read(queries.SENT_COUNTS)}
    responded = {row["id"]: int(row["responded"]) for row in store.read(queries.RESPONDER_COUNTS)}
    return [
        _summary(row["campaign"], sent.get(row["campaign"]["id"], 0), responded)
        for row in store.read(queries.CAMPAIGNS)
    ]


def response_rates(
    store: GraphStore, campaign_id: str, by: Segment = "industry", kind: str | None = None
) -> CampaignResponseRates:
    """The campaign's response rate per segment `by`; with `kind`, responders are the
    recipients who responded at least that far down the funnel."""
    if by not in SEGMENTS:
        raise ValueError(f"segment {by!r} is not one of {', '.join(SEGMENTS)}")
    if kind is not None and kind not in FUNNEL:
        raise ValueError(f"response kind {kind!r} is not one of {', '.join(FUNNEL)}")
    found = store.read(queries.CAMPAIGN, {"id": campaign_id})
    if not found:
        raise NotFound(f"no campaign with id {campaign_id!r}")
    recipients = store.read(queries.RECIPIENTS, {"id": campaign_id})
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in store.read(queries.RESPONSES, {"id": campaign_id}):
        kinds[row["contact"]].add(str(row["kind"]))
    segment_of = {row["contact"]: _segment_value(row, by) for row in recipients}
    members: dict[str, set[str]] = defaultdict(set)
    for contact, segment in segment_of.items():
        members[segment].add(contact)
    segments = [
        _segment_response(segment, contacts, kinds, kind) for segment, contacts in members.items()
    ]
    segments.sort(key=lambda s: (-s.sent, s.segment))
    overall = _segment_response("all", set(segment_of), kinds, kind)
    summary = _summary(found[0]["campaign"], overall.sent, {campaign_id: overall.responded})
    return CampaignResponseRates(
        campaign=summary,
        by=by,
        kind=kind,
        overall=overall,
        segments=segments,
        responses_from_non_recipients=len(set(kinds) - set(segment_of)),
    )


def normalized_subject(subject: str | None) -> str:
    """A subject without reply and forward prefixes, case or extra spaces.

    >>> normalized_subject("RE: Fwd:  Spring  launch: meet Lumen")
    'spring launch: meet lumen'
    >>> normalized_subject("AW[2]: Spring launch: meet Lumen")
    'spring launch: meet lumen'
    """
    if not subject:
        return ""
    return " ".join(_REPLY_PREFIX.sub("", subject).split()).casefold()


def link_campaign_replies(
    store: GraphStore, candidates: Sequence[ReplyCandidate] | None = None
) -> list[ReplyLink]:
    """Link replies to their campaigns: the given emails, or every email in the graph
    sent since the first campaign started. Linking again changes nothing."""
    campaigns = [row["campaign"] for row in store.read(queries.CAMPAIGNS)]
    if not campaigns:
        return []
    if candidates is None:
        starts = [str(c["started_at"]) for c in campaigns if c.get("started_at")]
        since = min(starts) if len(starts) == len(campaigns) else ""
        candidates = [
            ReplyCandidate(row["id"], row["subject"], row["in_reply_to"], row["occurred_at"])
            for row in store.read(queries.EMAILS_SINCE, {"since": since})
        ]
    matches = _match_replies(campaigns, candidates)
    if not matches:
        return []
    senders = _senders(store, [interaction for interaction, _, _ in matches])
    links = [
        ReplyLink(
            interaction_id=interaction,
            campaign_id=campaign,
            contact_id=senders.get(interaction),
            matched_by=rule,
        )
        for interaction, campaign, rule in matches
    ]
    occurred = {c.interaction_id: c.occurred_at for c in candidates}
    relationships = [
        Relationship("ABOUT", link.interaction_id, link.campaign_id, {}, "Interaction", "Campaign")
        for link in links
    ]
    relationships += [
        Relationship(
            "RESPONDED",
            link.contact_id,
            link.campaign_id,
            {
                "kind": CampaignResponseKind.REPLIED.value,
                "date": occurred.get(link.interaction_id),
                "interaction_id": link.interaction_id,
                "matched_by": link.matched_by,
            },
            "Contact",
            "Campaign",
        )
        for link in links
        if link.contact_id
    ]
    GraphWriter(store).merge_relationships(relationships)
    return links


def _match_replies(
    campaigns: list[Row], candidates: Sequence[ReplyCandidate]
) -> list[tuple[str, str, Literal["in_reply_to", "subject"]]]:
    by_message: dict[str, str] = {}
    by_subject: dict[str, list[Row]] = defaultdict(list)
    for campaign in campaigns:
        if campaign.get("message_id"):
            by_message[_message_key(str(campaign["message_id"]))] = campaign["id"]
        if subject := normalized_subject(campaign.get("subject")):
            by_subject[subject].append(campaign)
    matches: list[tuple[str, str, Literal["in_reply_to", "subject"]]] = []
    for candidate in candidates:
        replied_to = candidate.in_reply_to and by_message.get(_message_key(candidate.in_reply_to))
        if replied_to:
            matches.append((candidate.interaction_id, replied_to, "in_reply_to"))
            continue
        if not _REPLY_PREFIX.match(candidate.subject or ""):
            continue  # not a reply: the campaign itself, or a new mail on the same subject
        for campaign in by_subject.get(normalized_subject(candidate.subject), []):
            if _sent_after(candidate.occurred_at, campaign.get("started_at")):
                matches.append((candidate.interaction_id, campaign["id"], "subject"))
    return matches


def _message_key(value: str) -> str:
    """A Message-ID as the campaign states it (`<id>`) or as an interaction id (`msg:id`)."""
    return message_id(value.strip().removeprefix("msg:"))


def _sent_after(occurred_at: Any, started_at: Any) -> bool:
    if not occurred_at or not started_at:
        return True
    return str(occurred_at)[:19] >= str(started_at)[:19]


def _senders(store: GraphStore, interactions: list[str]) -> dict[str, str]:
    senders: dict[str, str] = {}
    unique = sorted(set(interactions))
    for start in range(0, len(unique), SENDER_BATCH):
        rows = store.read(queries.SENDERS, {"ids": unique[start : start + SENDER_BATCH]})
        for row in rows:
            senders.setdefault(row["interaction"], row["contact"])
    return senders


def _segment_value(row: Row, by: Segment) -> str:
    value = row.get(by)
    return str(value) if value not in (None, "") else UNKNOWN


def _segment_response(
    segment: str, contacts: set[str], kinds: dict[str, set[str]], kind: str | None
) -> SegmentResponse:
    depth = FUNNEL.index(kind) if kind else 0
    responders = [c for c in contacts if any(FUNNEL.index(k) >= depth for k in kinds.get(c, ()))]
    by_kind = {k: sum(1 for c in contacts if k in kinds.get(c, ())) for k in FUNNEL}
    sent = len(contacts)
    low, high = _wilson(len(responders), sent)
    return SegmentResponse(
        segment=segment,
        sent=sent,
        responded=len(responders),
        rate=round(len(responders) / sent, 4) if sent else 0.0,
        rate_low=low,
        rate_high=high,
        by_kind=by_kind,
    )


def _wilson(successes: int, trials: int) -> tuple[float, float]:
    """95% Wilson score interval of a proportion.

    >>> _wilson(5, 10)
    (0.2366, 0.7634)
    """
    if trials == 0:
        return (0.0, 0.0)
    p = successes / trials
    z2 = WILSON_Z**2
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    margin = WILSON_Z * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials**2)) / (1 + z2 / trials)
    return (round(max(centre - margin, 0.0), 4), round(min(centre + margin, 1.0), 4))


def _summary(campaign: Row, sent: int, responded: dict[str, int]) -> CampaignSummary:
    count = responded.get(campaign["id"], 0)
    started = campaign.get("started_at")
    return CampaignSummary(
        id=campaign["id"],
        name=campaign.get("name"),
        subject=campaign.get("subject"),
        channel=campaign.get("channel"),
        started_at=str(started) if started else None,
        sent=sent,
        responded=count,
        response_rate=round(count / sent, 4) if sent else None,
    )
