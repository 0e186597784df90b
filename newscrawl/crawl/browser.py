"""Crawls that render pages in a browser: the Scrapy settings that put scrapy-playwright with
Debian's Chromium in front of plain HTTP, added only to crawls that need it.

A crawl needs it when one of its sources declares `render="browser"` or when asked for
(`--browser`: NEWSCRAWL_BROWSER renders every article page). Every other crawl keeps Scrapy's
own HTTP handler and starts no browser: the middleware that marks pages for the browser
(downloadermiddlewares/browser.py) is off unless these settings are there.
"""

from __future__ import annotations

import importlib.util
import shutil
from typing import Any

HANDLER = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
# Debian's chromium on a machine without a GPU, a sandbox or outside network; no first-run,
# sync, component or background traffic.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
# What a page's text does not need: blocked in the browser (images are downloaded, from the
# rendered page's URLs, by the images pipeline over plain HTTP).
BLOCKED_RESOURCES = frozenset({"image", "font", "media"})


class BrowserUnavailableError(RuntimeError):
    """The browser cannot run here; the message says what to install."""


def chromium(configured: str | None = None) -> str:
    """The Chromium executable: NEWSCRAWL_CHROMIUM, else `chromium` on the PATH."""
    found = configured or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise BrowserUnavailableError(
            "rendering pages needs Chromium: apt-get install chromium (or set NEWSCRAWL_CHROMIUM)"
        )
    return found


def browser_settings(configured_chromium: str | None = None) -> dict[str, Any]:
    """The settings of a crawl that renders pages; BrowserUnavailableError when it cannot."""
    if importlib.util.find_spec("scrapy_playwright") is None:
        raise BrowserUnavailableError(
            "rendering pages needs scrapy-playwright: pip install 'newscrawl[browser]'"
        )
    return {
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": chromium(configured_chromium),
            "headless": True,
            "args": CHROMIUM_ARGS,
        },
        "PLAYWRIGHT_ABORT_REQUEST": "newscrawl.crawl.browser.blocked",
        "NEWSCRAWL_BROWSER_RENDERING": True,
    }


def blocked(request: Any) -> bool:
    """PLAYWRIGHT_ABORT_REQUEST: whether the browser skips this resource of a page."""
    return str(request.resource_type) in BLOCKED_RESOURCES
