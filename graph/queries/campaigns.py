"""Reads for campaigns: the campaigns, their recipients and segments, their responses,
and the mail that may answer them."""

from __future__ import annotations

from graph.queries.registry import read_query

CAMPAIGNS = read_query(
    "campaigns",
    "MATCH (c:Campaign) RETURN properties(c) AS campaign ORDER BY c.id",
)
CAMPAIGN = read_query(
    "campaign_by_id",
    "MATCH (c:Campaign {id: $id}) RETURN properties(c) AS campaign",
)
RECIPIENTS = read_query(
    "campaign_recipients",
    """
    MATCH (c:Campaign {id: $id})-[s:SENT_TO]->(p:Contact)
    OPTIONAL MATCH (p)-[:WORKS_AT]->(a:Account)
    RETURN p.id AS contact, s.date AS date, s.channel AS channel, a.id AS account,
           a.industry AS industry, a.country AS country, a.status AS status
    """,
)
RESPONSES = read_query(
    "campaign_responses",
    """
    MATCH (p:Contact)-[r:RESPONDED]->(c:Campaign {id: $id})
    RETURN p.id AS contact, r.kind AS kind, r.date AS date, r.interaction_id AS interaction_id
    """,
)
SENT_COUNTS = read_query(
    "campaign_sent_counts",
    "MATCH (c:Campaign)-[:SENT_TO]->(p:Contact) RETURN c.id AS id, count(p) AS sent",
)
RESPONDER_COUNTS = read_query(
    "campaign_responder_counts",
    """
    MATCH (p:Contact)-[:RESPONDED]->(c:Campaign)
    RETURN c.id AS id, count(DISTINCT p) AS responded
    """,
)
EMAILS_SINCE = read_query(
    "campaign_reply_candidates",
    """
    MATCH (i:Interaction)
    WHERE i.kind = 'email' AND i.occurred_at >= $since
    RETURN i.id AS id, i.subject AS subject, i.in_reply_to AS in_reply_to,
           i.occurred_at AS occurred_at
    """,
)
SENDERS = read_query(
    "campaign_reply_senders",
    """
    UNWIND $ids AS interaction_id
    MATCH (p:Contact)-[r:PARTICIPATED_IN]->(i:Interaction {id: interaction_id})
    WHERE r.role = 'from'
    RETURN i.id AS interaction, p.id AS contact
    """,
)
