"""Stable ids derived from the real world, never random.

>>> person_id_for_email(" Jane.Doe@Example.COM ")
'email:jane.doe@example.com'
>>> record_id("northwind", "customer", "ALFKI")
'northwind:customer:ALFKI'
>>> concept_id("Single Sign-On (SSO)")
'concept:single-sign-on-sso'
>>> message_id("<abc@mail.example.com>")
'msg:abc@mail.example.com'
>>> commitment_id("msg:1@x", "emp:ava", "Send the  proposal") == commitment_id(
...     "msg:1@x", "emp:ava", "send the proposal")
True
>>> commitment_id("msg:1@x", "emp:ava", "send it") != commitment_id("msg:2@x", "emp:ava", "send it")
True
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def normalize_email(address: str) -> str:
    return address.strip().strip("<>").lower()


def person_id_for_email(address: str) -> str:
    return f"email:{normalize_email(address)}"


def record_id(source: str, kind: str, external_id: str | int) -> str:
    return f"{source}:{kind}:{external_id}"


def concept_id(name: str) -> str:
    slug = slugify(name)
    if not slug:
        raise ValueError(f"a concept name needs at least one letter or digit: {name!r}")
    return f"concept:{slug}"


def message_id(header_value: str) -> str:
    return f"msg:{header_value.strip().strip('<>').strip()}"


def content_hash_id(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def value_node_id(kind: str, text: str) -> str:
    """Id of a small value node (`preference:`, `commitment:`, `role:`) from its text."""
    return f"{kind}:{slugify(text)[:120] or content_hash_id(text)[7:23]}"


def commitment_id(interaction_id: str, promiser_id: str, promise: str) -> str:
    """Id of one promise: who promised what in which interaction (never the words alone)."""
    words = " ".join(promise.lower().split())
    digest = content_hash_id(interaction_id, promiser_id, words).removeprefix("sha256:")
    return f"commitment:{digest[:32]}"
