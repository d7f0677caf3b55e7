"""Neo4j URLs: credentials in the URL win over the settings, and never reach a message."""

from __future__ import annotations

import pytest

from graph.errors import InvalidGraphUrl
from graph.stores.neo4j_store import neo4j_address, redacted


def test_credentials_in_the_url_win_and_leave_it() -> None:
    address = neo4j_address("bolt://ann:s%40cret%3A1@db.example:7687", "neo4j", "from-env")
    assert (address.url, address.user, address.password) == (
        "bolt://db.example:7687",
        "ann",
        "s@cret:1",
    )


def test_without_credentials_in_the_url_the_settings_are_used() -> None:
    address = neo4j_address("neo4j+s://abc.databases.neo4j.io", "neo4j", "from-env")
    assert (address.url, address.user, address.password) == (
        "neo4j+s://abc.databases.neo4j.io",
        "neo4j",
        "from-env",
    )


def test_a_user_alone_in_the_url_keeps_the_password_from_the_settings() -> None:
    address = neo4j_address("neo4j://reader@db:7687", "neo4j", "from-env")
    assert (address.url, address.user, address.password) == (
        "neo4j://db:7687",
        "reader",
        "from-env",
    )


@pytest.mark.parametrize("url", ["neo4j://", "bolt://:7687", "bolt://ann:pw@db:port"])
def test_a_url_without_a_usable_host_or_port_is_refused_without_its_password(url: str) -> None:
    with pytest.raises(InvalidGraphUrl) as refused:
        neo4j_address(url, "neo4j", "")
    assert ":pw@" not in str(refused.value)


def test_redacted_hides_only_the_password() -> None:
    assert redacted("bolt://ann:pw@db:7687") == "bolt://ann:***@db:7687"
    assert redacted("bolt://db:7687") == "bolt://db:7687"
