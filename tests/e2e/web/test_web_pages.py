"""Every page renders, at a desktop width and at a phone's, with no sideways scrolling on the
phone; each screenshot is written to a folder and checked for a non-blank render."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from selenium.webdriver.common.by import By

from tests.e2e.conftest import VIEWER_KEY, bearer
from tests.e2e.web.browser import console_errors, screenshot_stats
from tests.e2e.web.conftest import SCREENSHOTS, Browser
from tests.world import DANA, I1, MARIA

WIDTHS = {"desktop": 1280, "phone": 390}
MIN_COLOURS = 12
MAX_DOMINANT_SHARE = 0.97


def _pages(web_url: str) -> dict[str, str]:
    facts = httpx.get(f"{web_url}/review/facts", headers=bearer(VIEWER_KEY)).json()["items"]
    return {
        "home": "/",
        "search": "/web/search?q=acme",
        "accounts": "/web/accounts",
        "account": "/web/accounts/acme",
        "contact": f"/web/people/{quote(DANA)}",
        "employee": f"/web/people/{quote(MARIA)}",
        "interaction": f"/web/interactions/{quote(I1)}",
        "fact-evidence": f"/web/facts/{quote(facts[0]['id'])}",
        "concept": "/web/concepts/concept:sso",
        "experts": "/web/experts?q=SCIM+provisioning",
        "intro": f"/web/intro?to={quote(DANA)}&to_name=Dana",
        "graph": "/web/graph?id=acme&label=Account&hops=2",
        "review-facts": "/web/review/facts?status=",
        "review-concepts": "/web/review/concepts?status=",
        "kb": "/web/kb?q=single+sign-on",
        "faq": "/web/kb/faq",
        "admin": "/web/admin",
        "not-found": "/web/accounts/no-such-account",
    }


def _check(browser: Browser, name: str, width: str) -> None:
    driver = browser.driver
    drawn_later = "[data-neighbourhood], [data-graph-json], [data-faq]"
    if driver.find_elements(By.CSS_SELECTOR, drawn_later):
        browser.wait_until(
            lambda d: d.find_element(By.CSS_SELECTOR, drawn_later).get_attribute("data-drawn"),
            f"{name}: what the page draws after loading did not appear",
        )
    stats = screenshot_stats(driver, SCREENSHOTS / f"{name}-{width}.png")
    assert stats["colours"] >= MIN_COLOURS, f"{name} at {width} looks blank: {stats}"
    assert stats["dominant"] <= MAX_DOMINANT_SHARE, f"{name} at {width} looks blank: {stats}"
    overflow = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{name} at {width} scrolls sideways by {overflow} px"
    assert "Internal Server Error" not in driver.page_source
    assert console_errors(driver) == [], f"{name} at {width} logged errors"


@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page_renders_and_fits(browser: Browser, web_url: str, width: str) -> None:
    browser.set_width(WIDTHS[width])
    console_errors(browser.driver)  # what earlier tests logged
    browser.driver.delete_all_cookies()
    browser.open("/sign-in")
    _check(browser, "sign-in", width)
    browser.sign_in("admin")
    for name, path in _pages(web_url).items():
        browser.open(path)
        _check(browser, name, width)
