"""The web app as its users use it, in a real headless Chromium: sign in, search, evidence,
experts, introductions, the graph, curation with undo, and what a viewer may not do."""

from __future__ import annotations

import httpx
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec

from tests.e2e.conftest import CURATOR_KEY, VIEWER_KEY, bearer
from tests.e2e.web.conftest import Browser
from tests.world import DANA


def test_a_wrong_key_is_refused_and_pages_ask_to_sign_in(browser: Browser) -> None:
    browser.open("/web/accounts/acme")
    assert "/sign-in" in browser.driver.current_url
    browser.driver.find_element(By.ID, "key").send_keys("not-a-key-at-all-000")
    browser.driver.find_element(By.ID, "sign-in").click()
    assert "not valid" in browser.wait_for(By.ID, "sign-in-error").text
    assert "not-a-key" not in browser.driver.current_url


def test_an_expired_session_says_so_and_returns_to_the_page(browser: Browser) -> None:
    browser.sign_in("viewer")
    cookie = browser.driver.get_cookie("tacit_session")
    assert cookie is not None and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    browser.driver.delete_cookie("tacit_session")
    browser.driver.add_cookie({"name": "tacit_session", "value": "a-session-the-server-forgot"})
    browser.open("/web/accounts/acme")
    assert "expired" in browser.wait_for(By.ID, "sign-in-message").text
    browser.driver.find_element(By.ID, "key").send_keys("viewer-key-0123456789")
    browser.driver.find_element(By.ID, "sign-in").click()
    assert browser.wait_for(By.ID, "account-name").text == "Acme Corp"
    browser.driver.find_element(By.ID, "sign-out").click()
    assert "signed out" in browser.wait_for(By.ID, "sign-in-message").text
    browser.open("/")
    assert "/sign-in" in browser.driver.current_url


def test_search_with_a_typo_and_the_keyboard_opens_the_account(browser: Browser) -> None:
    browser.sign_in("viewer")
    box = browser.driver.find_element(By.ID, "global-search")
    box.send_keys("acmee")
    browser.first_suggestion("header", "Acme Corp")
    box.send_keys(Keys.ARROW_DOWN, Keys.ARROW_UP, Keys.ENTER)
    assert browser.wait_for(By.ID, "account-name").text == "Acme Corp"
    assert "Dana Whitfield" in browser.text(By.ID, "contacts")
    assert "Maria Santos" in browser.text(By.ID, "knowers")
    assert "send the SSO setup guide" in browser.text(By.ID, "commitments")


def test_a_facts_evidence_shows_the_sentence_highlighted_in_its_message(
    browser: Browser, web_url: str
) -> None:
    browser.sign_in("viewer")
    browser.open("/web/accounts/acme")
    button = browser.driver.find_element(By.CSS_SELECTOR, "#facts [data-evidence]")
    fact_id = button.get_attribute("data-evidence")
    button.click()
    mark = browser.wait_for(By.CSS_SELECTOR, "#evidence-dialog mark.evidence-sentence")
    stored = httpx.get(f"{web_url}/facts/{fact_id}/evidence", headers=bearer(VIEWER_KEY)).json()
    piece = stored["evidence"][0]
    text = piece["interaction"]["text"]
    assert mark.text == text[piece["start"] : piece["end"]] == piece["sentence"]
    message = browser.driver.find_element(By.CSS_SELECTOR, "#evidence-dialog .message").text
    assert message == text and message.index(mark.text) == piece["start"]
    author = piece["interaction"]["authors"][0]["name"]
    assert f"written by {author}" in browser.text(By.ID, "evidence-body")


def test_the_expert_finder_ranks_people_with_evidence(browser: Browser) -> None:
    browser.sign_in("viewer")
    browser.open("/web/experts")
    browser.driver.find_element(By.ID, "expert-question").send_keys("SCIM provisioning")
    browser.driver.find_element(By.ID, "find-experts").click()
    first = browser.wait_for(By.CSS_SELECTOR, "#experts .expert")
    assert "Raj Patel" in first.find_element(By.TAG_NAME, "h2").text
    evidence = first.find_element(By.CSS_SELECTOR, "ul a")
    assert "SCIM" in evidence.text
    evidence.click()
    assert "Admin > Security > SCIM" in browser.wait_for(By.ID, "message-text").text


def test_a_warm_introduction_is_drawn_as_a_graph(browser: Browser) -> None:
    browser.sign_in("viewer")
    browser.open("/web/intro")
    target = browser.driver.find_element(By.ID, "intro-to-search")
    target.send_keys("dana whit")
    browser.first_suggestion("#intro-form", "Dana Whitfield")
    target.send_keys(Keys.ENTER)
    assert browser.driver.find_element(By.ID, "intro-to").get_attribute("value") == DANA
    browser.driver.find_element(By.ID, "find-paths").click()
    graph = browser.wait_for(By.ID, "intro-graph")
    browser.wait_until(lambda d: graph.get_attribute("data-drawn"), "the paths were not drawn")
    assert int(graph.get_attribute("data-drawn") or 0) >= 2
    assert graph.find_elements(By.TAG_NAME, "canvas")
    path = browser.text(By.CSS_SELECTOR, ".intro-path")
    assert "Dana Whitfield" in path and "Maria Santos" in path and "strength" in path


def test_the_graph_view_draws_a_neighbourhood(browser: Browser) -> None:
    browser.sign_in("viewer")
    browser.open("/web/graph?id=acme&label=Account&hops=2")
    graph = browser.wait_for(By.ID, "cy")
    browser.wait_until(lambda d: graph.get_attribute("data-drawn"), "the graph was not drawn")
    assert int(graph.get_attribute("data-drawn") or 0) >= 5
    assert "relationships" in browser.text(By.ID, "graph-status")


def test_a_curator_approves_and_rejects_facts_and_sees_it_after_reload(
    browser: Browser, web_url: str
) -> None:
    browser.sign_in("curator")
    browser.open("/web/review/facts?relation=INTERESTED_IN")
    rows = browser.driver.find_elements(By.CSS_SELECTOR, "#fact-queue tr[data-fact-row]")
    approved, rejected = (r.get_attribute("data-fact-row") for r in rows[:2])
    rows[0].find_element(By.CSS_SELECTOR, "button[data-review=approve]").click()
    browser.wait_until(
        lambda d: "approved" in rows[0].find_element(By.CSS_SELECTOR, "[data-status]").text
    )
    rows[1].find_element(By.CSS_SELECTOR, "button[data-review=reject]").click()
    browser.wait_for(By.ID, "reason-input").send_keys("the customer quoted a partner")
    browser.driver.find_element(By.ID, "reason-ok").click()
    browser.wait_until(
        lambda d: "rejected" in rows[1].find_element(By.CSS_SELECTOR, "[data-status]").text
    )
    browser.driver.refresh()
    browser.open("/web/review/facts?relation=INTERESTED_IN&status=")
    status = {
        r.get_attribute("data-fact-row"): r.find_element(By.CSS_SELECTOR, "[data-status]").text
        for r in browser.driver.find_elements(By.CSS_SELECTOR, "#fact-queue tr[data-fact-row]")
    }
    assert status[approved] == "approved" and status[rejected] == "rejected"
    history = httpx.get(f"{web_url}/curation/actions", headers=bearer(CURATOR_KEY)).json()
    reasons = {e["target"]: e["reason"] for e in history["items"]}
    assert reasons[rejected] == "the customer quoted a partner"


def test_a_viewer_sees_no_curation_and_a_forced_post_is_refused(browser: Browser) -> None:
    browser.sign_in("viewer")
    browser.open("/web/review/facts")
    rows = browser.driver.find_elements(By.CSS_SELECTOR, "#fact-queue tr[data-fact-row]")
    assert rows, "the viewer sees the queue"
    assert not browser.driver.find_elements(By.CSS_SELECTOR, "button[data-review], #bulk-actions")
    fact_id = rows[0].get_attribute("data-fact-row")
    status = browser.driver.execute_async_script(
        """
        const [factId, done] = arguments;
        fetch(`/facts/${encodeURIComponent(factId)}/approve`,
              {method: 'POST', headers: {'X-Tacit-Web': '1'}, credentials: 'same-origin'})
          .then((r) => done(r.status));
        """,
        fact_id,
    )
    assert status == 403
    browser.open("/web/admin")
    assert "for the admin role" in browser.wait_for(By.ID, "error-page").text


def test_a_curator_merges_two_concepts_and_undoes_it(browser: Browser) -> None:
    browser.sign_in("curator")
    browser.open("/web/concepts/concept:scim")
    merge_into = browser.driver.find_element(By.ID, "merge-into-search")
    merge_into.send_keys("single sign")
    browser.first_suggestion("#concept-curation", "single sign-on").click()
    assert browser.driver.find_element(By.ID, "merge-into-id").get_attribute("value") == (
        "concept:sso"
    )
    browser.driver.find_element(By.ID, "merge-button").click()
    browser.wait_until(ec.url_contains("concept%3Asso"), "the merge did not open the kept concept")
    assert "SCIM provisioning" in browser.wait_for(By.ID, "concept-synonyms").text
    browser.open("/web/concepts/concept:scim")
    assert "no concept" in browser.wait_for(By.ID, "error-page").text
    browser.open("/web/review/concepts?status=")
    entry = browser.wait_for(By.CSS_SELECTOR, "#curation-history li[data-audit-id]")
    assert "concept.merge" in entry.text and "concept:scim" in entry.text
    page = browser.driver.find_element(By.TAG_NAME, "html")
    entry.find_element(By.CSS_SELECTOR, "button[data-undo]").click()
    browser.wait_for_reload(page, "the page did not reload after the undo")
    browser.wait_until(
        lambda d: "concept.merge.undo" in d.find_element(By.ID, "curation-history").text,
        "the undo did not show in the curation history",
    )
    browser.open("/web/concepts/concept:scim")
    assert browser.wait_for(By.ID, "concept-name").text == "SCIM provisioning"
    browser.open("/web/concepts/concept:sso")
    assert "SCIM provisioning" not in browser.wait_for(By.ID, "concept-synonyms").text
