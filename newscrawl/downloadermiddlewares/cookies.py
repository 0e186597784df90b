"""Scrapy's CookiesMiddleware, passing over the requests and responses it has nothing to do for.

Most requests of a news crawl go to hosts that set no cookie (image hosts, static sites): for
them Scrapy's middleware still wraps every request and response for http.cookiejar, to find
an empty jar and no Set-Cookie header. A site that sets cookies gets Scrapy's handling in full.
Scrapy's middleware is built (and its module imported) at the first cookie: that module imports
tldextract, and with it requests, urllib3 and filelock, which a crawl of sites that set no
cookie never uses.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.cookies import CookieJar

if TYPE_CHECKING:
    from scrapy.downloadermiddlewares.cookies import (
        CookiesMiddleware as ScrapyCookiesMiddleware,
    )


class CookiesMiddleware:
    """Scrapy's CookiesMiddleware; a request with no cookies of its own bound for an empty jar,
    and a response that sets none, pass as Scrapy would leave them."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.debug = crawler.settings.getbool("COOKIES_DEBUG")
        # Scrapy's middleware keeps its cookies in these same jars once it is built.
        self.jars: defaultdict[Any, CookieJar] = defaultdict(CookieJar)
        self.scrapys: ScrapyCookiesMiddleware | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> CookiesMiddleware:
        if not crawler.settings.getbool("COOKIES_ENABLED"):
            raise NotConfigured
        return cls(crawler)

    def process_request(self, request: Request) -> Request | Response | None:
        if request.meta.get("dont_merge_cookies", False):
            return None  # Scrapy's leaves such a request as it is
        if self.debug or request.cookies:
            return self.scrapy().process_request(request)
        if len(self.jars[request.meta.get("cookiejar")]):
            return self.scrapy().process_request(request)
        # What Scrapy's does with nothing to add: no Cookie header but the jar's (none).
        request.headers.pop(b"Cookie", None)
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        headers = response.headers
        if request.meta.get("dont_merge_cookies", False):
            return response  # as Scrapy's
        if b"Set-Cookie" not in headers and b"Set-Cookie2" not in headers:
            return response  # http.cookiejar reads cookies from these two headers only
        return self.scrapy().process_response(request, response)

    def scrapy(self) -> ScrapyCookiesMiddleware:
        """Scrapy's middleware over this one's jars, built on first use."""
        if self.scrapys is None:
            from scrapy.downloadermiddlewares.cookies import CookiesMiddleware as Scrapys

            self.scrapys = Scrapys.from_crawler(self.crawler)
            self.scrapys.jars = self.jars
        return self.scrapys
