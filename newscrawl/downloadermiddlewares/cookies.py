"""Scrapy's CookiesMiddleware, passing over the requests and responses it has nothing to do for.

Most requests of a news crawl go to hosts that set no cookie (image hosts, static sites): for
them Scrapy's middleware still wraps every request and response for http.cookiejar, to find
an empty jar and no Set-Cookie header. A site that sets cookies gets Scrapy's handling in full.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware as ScrapyCookiesMiddleware
from scrapy.http import Response


class CookiesMiddleware(ScrapyCookiesMiddleware):
    """Scrapy's CookiesMiddleware; a request with no cookies of its own bound for an empty jar,
    and a response that sets none, pass as Scrapy would leave them."""

    def process_request(  # type: ignore[override]  # Scrapy's optional spider is deprecated
        self, request: Request
    ) -> Request | Response | None:
        if self.debug or request.cookies or request.meta.get("dont_merge_cookies", False):
            return super().process_request(request)
        if len(self.jars[request.meta.get("cookiejar")]):
            return super().process_request(request)
        # What Scrapy's does with nothing to add: no Cookie header but the jar's (none).
        request.headers.pop(b"Cookie", None)
        return None

    def process_response(  # type: ignore[override]  # Scrapy's optional spider is deprecated
        self, request: Request, response: Response
    ) -> Request | Response:
        headers = response.headers
        if b"Set-Cookie" not in headers and b"Set-Cookie2" not in headers:
            return response  # http.cookiejar reads cookies from these two headers only
        return super().process_response(request, response)
