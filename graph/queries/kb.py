"""Knowledge base reads: article search, usefulness, and the questions customers ask."""

from __future__ import annotations

from graph.queries.registry import REGISTRY, read_query

KB_TEXT_SEARCH = read_query(
    "kb_text_search",
    """
    CALL db.index.fulltext.queryNodes('kb_article_text', $q, {limit: $k})
    YIELD node, score
    RETURN node.id AS id, score
    """,
)
REGISTRY.override(
    KB_TEXT_SEARCH,
    "grafeo",
    """
    CALL {
      CALL grafeo.search.text('KBArticle', 'title', $q, $k) YIELD node_id, score
      RETURN node_id, score
      UNION ALL
      CALL grafeo.search.text('KBArticle', 'body', $q, $k) YIELD node_id, score
      RETURN node_id, score
    }
    MATCH (node) WHERE id(node) = node_id
    RETURN node.id AS id, score
    """,
)

KB_ARTICLES_FOR_CONCEPTS = read_query(
    "kb_articles_for_concepts",
    """
    UNWIND $concept_ids AS concept_id
    MATCH (c:Concept {id: concept_id})<-[:ABOUT|MENTIONS]-(k:KBArticle)
    RETURN DISTINCT c.id AS concept_id, k.id AS id
    """,
)

_USEFULNESS = """
    OPTIONAL MATCH (k)<-[r:RESOLVED_BY]-(:Interaction)
    WITH k, count(r) AS reuse_count,
         sum(CASE WHEN r IS NULL OR r.helped = false THEN 0 ELSE 1 END) AS helped_count,
         max(r.used_at) AS last_used_at
    RETURN k.id AS id, k.title AS title, left(coalesce(k.body, ''), 240) AS snippet,
           k.status AS status, k.version AS version, k.updated_at AS updated_at,
           reuse_count, helped_count, last_used_at
"""

KB_ARTICLES_BY_IDS = read_query(
    "kb_articles_by_ids",
    """
    UNWIND $ids AS article_id
    MATCH (k:KBArticle {id: article_id})
    """
    + _USEFULNESS,
)

KB_ALL_ARTICLES = read_query(
    "kb_all_articles",
    """
    MATCH (k:KBArticle)
    """
    + _USEFULNESS.replace(
        "RETURN k.id AS id,",
        "RETURN k.body AS body, [(k)-[:ABOUT|MENTIONS]->(c:Concept) | c.id] AS concept_ids,\n"
        "           k.id AS id,",
    ),
)

# Questions customers asked: Q&A questions, and the first message of a ticket when no
# employee wrote it (one may handle it); replies and answers are not questions. With the
# approved concepts they mention.
CUSTOMER_QUESTIONS = read_query(
    "kb_customer_questions",
    """
    MATCH (i:Interaction)
    WHERE i.kind = 'question'
       OR (i.kind = 'ticket' AND COUNT { (i)-[:REPLY_TO]->(:Interaction) } = 0
           AND COUNT {
             (i)<-[p:PARTICIPATED_IN]-(:Employee) WHERE p.role IN ['from', 'author']
           } = 0)
    RETURN i.id AS id, i.subject AS subject, left(coalesce(i.text, ''), 400) AS text,
           i.occurred_at AS occurred_at,
           [(i)-[r:RESOLVED_BY]->(k:KBArticle) WHERE coalesce(r.helped, true) | k.id]
             AS article_ids,
           [(i)-[:MENTIONS]->(c:Concept) WHERE coalesce(c.status, 'approved') = 'approved'
             | c.name] AS concepts
    ORDER BY occurred_at DESC
    LIMIT $limit
    """,
)

# What the smart FAQ depends on, to know when a cached one is stale.
FAQ_FINGERPRINT = read_query(
    "kb_faq_fingerprint",
    """
    MATCH (i:Interaction)
    WHERE i.kind IN ['question', 'ticket']
    WITH count(i) AS questions, max(i.updated_at) AS latest_question
    OPTIONAL MATCH (k:KBArticle)
    RETURN questions, latest_question, count(k) AS articles,
           max(k.updated_at) AS latest_article
    """,
)

# Articles with their uses (RESOLVED_BY), for search hits: pattern comprehensions, as an
# OPTIONAL MATCH makes Grafeo scan the whole store.
KB_HITS_BY_IDS = read_query(
    "kb_hits_by_ids",
    """
    UNWIND $ids AS article_id
    MATCH (k:KBArticle {id: article_id})
    RETURN k.id AS id, k.title AS title, left(coalesce(k.body, ''), 240) AS snippet,
           [(k)<-[r:RESOLVED_BY]-(:Interaction) | coalesce(r.helped, true)] AS helped,
           [(k)<-[u:RESOLVED_BY]-(:Interaction) | u.used_at] AS used_at
    """,
)

# What an article says, for the question coverage: title, body and the concepts it is about.
KB_ARTICLE_WORDS = read_query(
    "kb_article_words",
    """
    UNWIND $ids AS article_id
    MATCH (k:KBArticle {id: article_id})
    RETURN k.id AS id, k.title AS title, left(coalesce(k.body, ''), 6000) AS body,
           [(k)-[:ABOUT|MENTIONS]->(c:Concept) | c.id] AS concept_ids
    """,
)

# Earlier customer questions, and the articles that resolved them (helped) if any.
EARLIER_QUESTIONS = read_query(
    "kb_earlier_questions",
    """
    UNWIND $ids AS interaction_id
    MATCH (i:Interaction {id: interaction_id})
    WHERE i.kind IN ['question', 'ticket'] AND COUNT { (i)-[:REPLY_TO]->(:Interaction) } = 0
    RETURN i.id AS id, i.subject AS subject, left(coalesce(i.text, ''), 2000) AS text,
           [(i)-[r:RESOLVED_BY]->(k:KBArticle) WHERE coalesce(r.helped, true) | k.id]
             AS resolved_by
    """,
)
