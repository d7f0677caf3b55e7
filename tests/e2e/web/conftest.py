"""The web app in a real headless Chromium against a real uvicorn server on a store built
from the repository's own test world; one server and one browser for the whole session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from graph.stores import open_store
from tests.conftest import REPO_ROOT
from tests.e2e.conftest import ADMIN_KEY, API_KEYS, CURATOR_KEY, VIEWER_KEY
from tests.e2e.web.browser import CHROMIUM_NAMES, DRIVER_NAMES, find, start_chromium
from tests.world import build_world

SCREENSHOTS = Path(os.environ.get("TACIT_SCREENSHOTS", REPO_ROOT / "build" / "screenshots"))
KEYS = {"viewer": VIEWER_KEY, "curator": CURATOR_KEY, "admin": ADMIN_KEY}
WAIT_SECONDS = 15


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def web_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `tacit serve` on the test world, for the whole session."""
    folder = tmp_path_factory.mktemp("web")
    store_url = f"grafeo://{folder / 'graph'}"
    store = open_store(store_url)
    store.create_schema()
    build_world(store, folder)
    store.close()
    port = _free_port()
    env = {
        **os.environ,
        "TACIT_GRAPH_URL": store_url,
        "TACIT_API_KEYS": API_KEYS,
        "TACIT_ENVIRONMENT": "test",
    }
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                log_text = (folder / "server.log").read_text()
                raise RuntimeError(f"the server did not start: {log_text}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    installed = find(CHROMIUM_NAMES, "/usr/bin/chromium") and find(
        DRIVER_NAMES, "/usr/bin/chromedriver"
    )
    if not installed:
        pytest.skip("chromium and chromedriver are not installed (make test installs them)")
    driver = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()


class Browser:
    """The browser at the app: sign in as a role, open pages, wait for things."""

    def __init__(self, driver: webdriver.Chrome, base: str) -> None:
        self.driver = driver
        self.base = base

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def sign_in(self, role: str) -> None:
        self.driver.delete_all_cookies()
        self.open("/sign-in")
        self.driver.find_element(By.ID, "key").send_keys(KEYS[role])
        self.driver.find_element(By.ID, "sign-in").click()
        self.wait_for(By.ID, "signed-in-as")
        assert role in self.text(By.ID, "signed-in-as")

    def wait_for(self, by: str, value: str) -> WebElement:
        return WebDriverWait(self.driver, WAIT_SECONDS).until(
            ec.visibility_of_element_located((by, value))
        )

    def wait_until(self, condition: object, message: str = "") -> object:
        wait = WebDriverWait(
            self.driver, WAIT_SECONDS, ignored_exceptions=[StaleElementReferenceException]
        )  # a page that reloads while it is read is read again
        return wait.until(condition, message)  # type: ignore[arg-type]

    def wait_for_reload(self, page: WebElement, message: str) -> None:
        """Until `page`, an element of the old document, is gone. Mid-navigation Chromium
        may say so with "Node with given id does not belong to the document" rather than a
        stale-element error."""

        def gone(_: webdriver.Chrome) -> bool:
            try:
                page.is_enabled()
            except StaleElementReferenceException:
                return True
            except WebDriverException as e:
                if "does not belong to the document" in str(e):
                    return True
                raise
            return False

        self.wait_until(gone, message)

    def first_suggestion(self, within: str, starting: str) -> WebElement:
        """The first suggestion of a search box once it starts with `starting` (a list for a
        shorter query may show while typing)."""
        selector = f"{within} .suggestions li[role=option]"

        def found(driver: webdriver.Chrome) -> WebElement | bool:
            options = driver.find_elements(By.CSS_SELECTOR, selector)
            if options and options[0].is_displayed() and options[0].text.startswith(starting):
                return options[0]
            return False

        option: WebElement = self.wait_until(found, f"no suggestion starting {starting!r}")  # type: ignore[assignment]
        return option

    def text(self, by: str, value: str) -> str:
        return str(self.driver.find_element(by, value).text)

    def set_width(self, width: int, height: int = 900) -> None:
        self.driver.set_window_size(width, height)


@pytest.fixture
def browser(chromium: webdriver.Chrome, web_url: str) -> Iterator[Browser]:
    chromium.set_window_size(1280, 900)
    yield Browser(chromium, web_url)
    chromium.delete_all_cookies()
