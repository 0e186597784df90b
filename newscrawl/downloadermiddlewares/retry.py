"""Retries that wait: as long as a 429/503's Retry-After says, else an exponential backoff.

Scrapy's RetryMiddleware retries at once, which hammers a server that just said it is
overloaded. Here every retry waits first, never longer than NEWSCRAWL_RETRY_MAX_DELAY; a server
asking for a longer pause is not retried in this crawl (its URL fails with `http_429`).
"""

from __future__ import annotations

import contextlib
import logging
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware as ScrapyRetryMiddleware
from scrapy.http import Response
from scrapy.utils.asyncio import sleep

logger = logging.getLogger(__name__)


def retry_after(value: bytes | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks to wait (delta-seconds or an HTTP date), or None."""
    text = (value or b"").decode("latin-1").strip()
    with contextlib.suppress(ValueError):
        seconds = float(text)  # RFC 9110 says an integer; "1.5" is read too
        return seconds if seconds >= 0 and math.isfinite(seconds) else None
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; email.utils reads "-0000" as naive
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryMiddleware(ScrapyRetryMiddleware):
    """Scrapy's RetryMiddleware (same settings and meta keys), waiting before each retry."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.backoff = settings.getfloat("NEWSCRAWL_RETRY_BACKOFF", 1.0)
        self.max_delay = settings.getfloat("NEWSCRAWL_RETRY_MAX_DELAY", 60.0)

    def backoff_delay(self, request: Request) -> float:
        """The wait before retry n + 1: the backoff doubled n times, at most the max delay."""
        retries = int(request.meta.get("retry_times", 0))
        return float(min(self.backoff * 2**retries, self.max_delay))

    async def process_response(  # type: ignore[override]  # async: it waits before retrying
        self, request: Request, response: Response
    ) -> Request | Response:
        # Most responses are not retried: their Retry-After, if any, says nothing.
        if not self.would_retry(request, response):
            return response
        asked = retry_after(response.headers.get(b"Retry-After"))
        if asked is not None and asked > self.max_delay:
            self.crawler.stats.inc_value("newscrawl/retry/refused_retry_after")
            logger.info(
                "not retrying %s: %d asks for %.0fs, over NEWSCRAWL_RETRY_MAX_DELAY (%.0fs)",
                request.url,
                response.status,
                asked,
                self.max_delay,
            )
            return response
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await sleep(asked if asked is not None else self.backoff_delay(request))
        return result

    async def process_exception(  # type: ignore[override]  # async: it waits before retrying
        self, request: Request, exception: Exception
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await sleep(self.backoff_delay(request))
        return result

    def would_retry(self, request: Request, response: Response) -> bool:
        return response.status in self.retry_http_codes and not request.meta.get("dont_retry")
