"""A real headless Chromium driven by Selenium, with the system's chromium and chromedriver
(Debian's `chromium` and `chromium-driver`; no driver download)."""

from __future__ import annotations

import base64
import shutil
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)
CHROMIUM_NAMES = ("chromium", "chromium-browser")
DRIVER_NAMES = ("chromedriver",)


def find(names: tuple[str, ...], fallback: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return fallback if Path(fallback).exists() else None


def start_chromium(profile: Path, width: int = 1280, height: int = 900) -> webdriver.Chrome:
    binary = find(CHROMIUM_NAMES, "/usr/bin/chromium")
    driver_path = find(DRIVER_NAMES, "/usr/bin/chromedriver")
    assert binary and driver_path
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(20)
    return driver


# Decodes the screenshot in the page's own canvas and counts its colours (every 7th pixel).
_PIXEL_STATS = """
const [b64, done] = arguments;
const img = new Image();
img.onload = () => {
  const canvas = document.createElement('canvas');
  canvas.width = img.width; canvas.height = img.height;
  const g = canvas.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, canvas.width, canvas.height).data;
  const counts = new Map();
  let sampled = 0;
  for (let i = 0; i < d.length; i += 4 * 7) {
    const key = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
    counts.set(key, (counts.get(key) || 0) + 1);
    sampled += 1;
  }
  let top = 0;
  for (const v of counts.values()) top = Math.max(top, v);
  done({colours: counts.size, dominant: top / sampled, width: img.width, height: img.height});
};
img.onerror = () => done({error: 'not an image'});
img.src = 'data:image/png;base64,' + b64;
"""


def screenshot_stats(driver: webdriver.Chrome, path: Path) -> dict[str, Any]:
    """Save a screenshot to `path` and measure it: distinct colours, the dominant one's share."""
    png = driver.get_screenshot_as_png()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    stats: dict[str, Any] = driver.execute_async_script(
        _PIXEL_STATS, base64.b64encode(png).decode("ascii")
    )
    return stats


def console_errors(driver: webdriver.Chrome) -> list[str]:
    """Errors the page logged since the last call (a refused style or script among them)."""
    return [
        str(entry["message"])
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "status of 404" not in str(entry["message"])
    ]
