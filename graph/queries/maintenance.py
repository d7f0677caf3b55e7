"""Whole-store maintenance statements (tests and the demo's fresh start)."""

from __future__ import annotations

from graph.queries.registry import write_query

DELETE_EVERYTHING = write_query("delete_everything", "MATCH (n) DETACH DELETE n")
