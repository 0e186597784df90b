"""Article pages of browser sources (all of them with NEWSCRAWL_BROWSER) go to the browser.

Marks each such request for scrapy-playwright as it is downloaded (so the crawl's queue keeps
plain requests): one browser context per site, a bounded wait for the article's content (the
source's `render_wait` or `body` selector holding text, else the network going idle), after a
click on its `render_click` when it declares one. The rendered DOM comes back as an ordinary
response. Counts the pages rendered. Off unless crawl/browser.py's settings are in the crawl.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.sources.base import Source

RENDERED = "newscrawl/rendered"
# Waits until the element holds text: a container a script fills in exists empty before.
_HAS_TEXT = (
    "sel => { const e = document.querySelector(sel); return !!e && e.textContent.trim() !== '' }"
)
_CLICK = "sel => { const b = document.querySelector(sel); if (b) b.click(); return !!b }"


class BrowserMiddleware:
    def __init__(self, crawler: Any, everything: bool, timeout_ms: int) -> None:
        self.crawler, self.everything, self.timeout_ms = crawler, everything, timeout_ms

    @classmethod
    def from_crawler(cls, crawler: Any) -> BrowserMiddleware:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_BROWSER_RENDERING"):
            raise NotConfigured
        if settings.get("LOG_LEVEL") != "DEBUG":
            # It logs a page closed after a failure with its traceback; the spider's errback
            # logs the failure in one line.
            logging.getLogger("scrapy-playwright").setLevel(logging.ERROR)
        timeout = int(settings.getfloat("NEWSCRAWL_BROWSER_TIMEOUT") * 1000)
        return cls(crawler, settings.getbool("NEWSCRAWL_BROWSER"), timeout)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("newscrawl_article") or request.meta.get("playwright"):
            return
        source: Source = self.crawler.spider.source_for(request.url)
        if not (self.everything or source.render == "browser"):
            return
        request.meta.update(render_meta(source, urlsplit(request.url).netloc, self.timeout_ms))

    def process_response(self, request: Request, response: Response) -> Response:
        if "playwright" in response.flags:
            self.crawler.stats.inc_value(RENDERED)
        return response


def render_meta(source: Source, site: str, timeout_ms: int) -> dict[str, Any]:
    """scrapy-playwright's meta for an article page of `source` on `site`."""
    from scrapy_playwright.page import PageMethod  # only crawls that render import it

    methods = []
    if source.render_click:
        methods += [
            PageMethod("wait_for_load_state", "load", timeout=timeout_ms),
            PageMethod("evaluate", _CLICK, source.render_click),
        ]
    selector = source.render_wait or source.body
    if selector:
        methods.append(PageMethod("wait_for_function", _HAS_TEXT, arg=selector, timeout=timeout_ms))
    else:
        methods.append(PageMethod("wait_for_load_state", "networkidle", timeout=timeout_ms))
    return {
        "playwright": True,
        "playwright_context": site,  # one context (cookies, cache) per site
        "playwright_context_kwargs": {"service_workers": "block"},
        "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded", "timeout": timeout_ms},
        "playwright_page_methods": methods,
    }
