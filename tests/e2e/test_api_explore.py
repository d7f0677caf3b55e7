"""The read routes behind the web app, over HTTP: search, a fact's evidence in its
message, a node's neighbourhood, an account's timeline, the filtered review queue."""

from __future__ import annotations

from tests.e2e.conftest import ADMIN_KEY, ApiClient, bearer
from tests.world import DANA, I1, I1_TEXT, MARCUS, RAJ


def test_search_finds_by_name_alias_email_domain_and_forgives_typos(client: ApiClient) -> None:
    def first(q: str, **params: str) -> dict[str, str]:
        answer = client.get("/search", params={"q": q, **params})
        assert answer.status_code == 200, answer.text
        items: list[dict[str, str]] = answer.json()["items"]
        assert items, f"nothing found for {q!r}"
        return items[0]

    assert first("acmee")["id"] == "acme"  # a typo
    assert first("Acme")["match"] == "exact"
    assert first("acme.com")["matched"] == "domain: acme.com"
    assert first("dana.whitfield@acme.com")["id"] == DANA
    assert first("dana wihtfield")["id"] == DANA  # letters swapped
    assert first("SSO")["id"] == "concept:sso" and first("SSO")["label"] == "Concept"
    assert first("raj", types="Employee")["id"] == RAJ
    assert client.get("/search", params={"q": "qqqqxxxx"}).json()["items"] == []
    wrong = client.get("/search", params={"q": "acme", "types": "Interaction"})
    assert wrong.status_code == 422 and "Interaction" in wrong.json()["detail"]


def _fact(client: ApiClient, relation: str, subject: str) -> dict[str, object]:
    items = client.get("/review/facts", params={"relation": relation}).json()["items"]
    return next(f for f in items if f["subject"]["id"] == subject)


def test_a_facts_evidence_is_its_sentence_at_its_offsets_in_the_message(
    client: ApiClient,
) -> None:
    fact = _fact(client, "INTERESTED_IN", DANA)
    shown = client.get(f"/facts/{fact['id']}/evidence").json()
    (piece,) = shown["evidence"]
    assert piece["located"] == "offsets" and piece["interaction"]["id"] == I1
    text = piece["interaction"]["text"]
    assert text == I1_TEXT
    assert text[piece["start"] : piece["end"]] == piece["sentence"]
    assert piece["sentence"] == "we need single sign-on before the renewal"
    assert [a["id"] for a in piece["interaction"]["authors"]] == [DANA]
    assert client.get("/facts/fact:nope/evidence").status_code == 404


def test_the_neighbourhood_of_an_account_in_one_and_two_hops(client: ApiClient) -> None:
    one = client.get("/graph/neighbourhood", params={"id": "acme"}).json()
    assert one["center"] == {"id": "acme", "label": "Account", "name": "Acme Corp", "hops": 0}
    ids = {n["id"] for n in one["nodes"]}
    assert {DANA, MARCUS, "concept:sso", "concept:billing"} <= ids
    assert all(n["hops"] <= 1 for n in one["nodes"])
    facts = [e for e in one["edges"] if e["type"] == "COMPLAINED_ABOUT"]
    assert facts and facts[0]["fact_id"] and facts[0]["source"] == "acme"
    two = client.get("/graph/neighbourhood", params={"id": "acme", "hops": 2}).json()
    assert len(two["nodes"]) > len(one["nodes"])
    assert any(n["hops"] == 2 for n in two["nodes"])
    only = client.get(
        "/graph/neighbourhood", params={"id": "acme", "label": "Account", "types": "WORKS_AT"}
    ).json()
    assert {e["type"] for e in only["edges"]} == {"WORKS_AT"}
    small = client.get(
        "/graph/neighbourhood", params={"id": "acme", "hops": 2, "max_nodes": 3}
    ).json()
    assert len(small["nodes"]) == 3 and small["truncated"] is True
    assert client.get("/graph/neighbourhood", params={"id": "nope"}).status_code == 404
    bad = client.get("/graph/neighbourhood", params={"id": "acme", "types": "LIKES"})
    assert bad.status_code == 422 and "LIKES" in bad.json()["detail"]


def test_the_account_timeline_is_newest_first_paged_and_filtered(client: ApiClient) -> None:
    first = client.get("/accounts/acme/timeline", params={"limit": 2}).json()
    dates = [i["occurred_at"] for i in first["items"]]
    assert len(dates) == 2 and dates == sorted(dates, reverse=True)
    rest = client.get(
        "/accounts/acme/timeline", params={"limit": 2, "cursor": first["next_cursor"]}
    ).json()
    assert rest["items"] and rest["items"][0]["occurred_at"] <= dates[-1]
    assert not {i["id"] for i in rest["items"]} & {i["id"] for i in first["items"]}
    notes = client.get("/accounts/acme/timeline", params={"kind": "note"}).json()["items"]
    assert [i["kind"] for i in notes] == ["note"]
    with_marcus = client.get("/accounts/acme/timeline", params={"person": MARCUS}).json()
    assert all(any(p["id"] == MARCUS for p in i["people"]) for i in with_marcus["items"])
    assert I1 not in {i["id"] for i in with_marcus["items"]}
    assert client.get("/accounts/nope/timeline").status_code == 404


def test_the_review_queue_filters_by_account_and_confidence_and_sorts_by_support(
    client: ApiClient,
) -> None:
    of_acme = client.get("/review/facts", params={"account": "acme", "sort": "support"}).json()
    subjects = {f["subject"]["id"] for f in of_acme["items"]}
    assert subjects <= {"acme", DANA, MARCUS, "email:priya.raman@acme.com"} and subjects
    support = [f["support"] for f in of_acme["items"]]
    assert support == sorted(support, reverse=True) and support[0] == 2
    assert client.get("/review/facts", params={"min_confidence": 0.9}).json()["items"] == []
    assert client.get("/review/facts", params={"max_confidence": 0.5}).json()["items"] == []
    page = client.get("/review/facts", params={"limit": 2}).json()
    more = client.get("/review/facts", params={"limit": 2, "cursor": page["next_cursor"]}).json()
    assert not {f["id"] for f in page["items"]} & {f["id"] for f in more["items"]}


def test_what_the_openapi_document_cannot_take_is_refused_with_the_field(
    client: ApiClient,
) -> None:
    twice = client.get("/audit?actor=a&actor=b&action=x", headers=bearer(ADMIN_KEY))
    assert twice.status_code == 422, twice.text
    assert [e["field"] for e in twice.json()["errors"]] == ["actor"]
    assert client.get("/search?q=acme&q=globex").json()["errors"][0]["field"] == "q"
    spaced = client.get("/search", params={"q": "acme", "types": "Account, Contact"})
    assert spaced.status_code == 422 and " Contact" in spaced.json()["detail"]
    both = client.get("/search", params={"q": "acme", "types": "Account,Contact"}).json()
    assert both["items"][0]["id"] == "acme"
    not_an_offset = client.get("/review/facts", params={"cursor": "YWJj"})
    assert not_an_offset.status_code == 422
    assert not_an_offset.json()["errors"][0]["field"] == "cursor"
    label = client.get("/graph/neighbourhood", params={"id": "acme", "label": "Acount"})
    assert label.status_code == 422 and "Acount" in label.json()["detail"]
