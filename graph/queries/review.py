"""The fact review queue with a curator's filters, sorted by confidence or by support
(how many pieces of evidence a fact has)."""

from __future__ import annotations

from graph.queries.registry import REGISTRY, read_query

_FIELDS = """
    RETURN s.id AS subject_id, s.name AS subject_name, head(labels(s)) AS subject_label,
           o.id AS object_id, o.name AS object_name, head(labels(o)) AS object_label,
           type(f) AS relation, f.id AS id, f.status AS status, f.confidence AS confidence,
           f.evidence AS evidence, f.interaction_ids AS interaction_ids,
           f.valid_from AS valid_from, f.valid_to AS valid_to, f.recorded_at AS recorded_at,
           f.extractor AS extractor, f.extractor_version AS extractor_version,
           coalesce(f.evidence_count, size(coalesce(f.evidence, [])), 0) AS support
    ORDER BY CASE WHEN $by_support THEN toFloat(support)
                  ELSE coalesce(confidence, 0.0) END DESC,
             CASE WHEN $by_support THEN coalesce(confidence, 0.0)
                  ELSE toFloat(support) END DESC,
             id
    SKIP $skip
    LIMIT $limit
"""
_FILTERS = """
      type(f) IN $fact_types AND f.id IS NOT NULL
      AND ($status IS NULL OR f.status = $status)
      AND ($relation IS NULL OR type(f) = $relation)
      AND ($min_confidence IS NULL OR f.confidence >= $min_confidence)
      AND ($max_confidence IS NULL OR f.confidence <= $max_confidence)
"""

REVIEW_QUEUE = read_query(
    "fact_review_queue",
    """
    MATCH (s)-[f]->(o)
    WHERE"""
    + _FILTERS
    + _FIELDS,
)

# Facts about one account: said of the account itself or of one of its contacts; each
# side starts from the account's indexed id.
_OF_ACCOUNT = (
    """
    CALL () {
      MATCH (s:Account {id: $account})-[f]->(o)
      RETURN s, f, o
      UNION
      MATCH (:Account {id: $account})<-[:WORKS_AT]-(s:Contact)-[f]->(o)
      RETURN s, f, o
    }
    WITH s, f, o
    WHERE"""
    + _FILTERS
    + _FIELDS
)
REVIEW_QUEUE_OF_ACCOUNT = read_query("fact_review_queue_of_account", _OF_ACCOUNT)
# Grafeo 0.6 knows the subquery without the (now required by Neo4j) variable scope.
REGISTRY.override(REVIEW_QUEUE_OF_ACCOUNT, "grafeo", _OF_ACCOUNT.replace("CALL () {", "CALL {"))
