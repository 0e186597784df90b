"""Redirects that end with a reason: a loop is caught when it closes, not 20 hops later.

Scrapy's RedirectMiddleware sends a looping redirect back through the scheduler, whose
duplicate filter then drops it without a word: the article vanishes from the crawl.
"""

from __future__ import annotations

from datetime import UTC, datetime

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware as ScrapyRedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings

from newscrawl.crawl.exchanges import HOPS, kept_redirect
from newscrawl.failures import RedirectLoop, TooManyRedirects


class RedirectMiddleware(ScrapyRedirectMiddleware):
    """Scrapy's RedirectMiddleware, failing with RedirectLoop or TooManyRedirects; with
    NEWSCRAWL_KEEP_RESPONSES, each redirect followed is kept in the next request's meta
    (exchanges.HOPS), so that a WARC file holds the 3xx exchanges before the page."""

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.keep = settings.getbool("NEWSCRAWL_KEEP_RESPONSES")

    def process_response(  # type: ignore[override]  # Scrapy's optional spider is deprecated
        self, request: Request, response: Response
    ) -> Request | Response:
        try:
            result = super().process_response(request, response)
        except IgnoreRequest as exc:  # the only one Scrapy raises here: REDIRECT_MAX_TIMES
            raise TooManyRedirects(f"more than {self.max_redirect_times} redirects") from exc
        if isinstance(result, Request) and result.url in result.meta.get("redirect_urls", ()):
            raise RedirectLoop(f"{request.url} redirects back to {result.url}")
        if self.keep and isinstance(result, Request):
            hop = kept_redirect(response, request, datetime.now(UTC))
            result.meta[HOPS] = [*request.meta.get(HOPS, []), hop]
        return result
