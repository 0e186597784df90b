"""AutoThrottle that measures the site, not the crawl's own pauses.

AutoThrottle keeps about AUTOTHROTTLE_TARGET_CONCURRENCY requests in flight per site by
waiting `latency / target` between requests, latency being the time from sending a request to
reading its response headers. The crawl's thread also reads pages itself when its page readers
are busy (crawl/pool.py), and while it does, no response is read: every request in flight then
looks slower by the whole read, which AutoThrottle took for a slow site and answered with a
longer wait, although the site had long answered. The time each request spent in flight while
the thread was reading is recorded on it (`stalled`) and taken off its latency; everything else
the site takes still counts, and the politeness settings keep their meaning.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scrapy import Request
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response

logger = logging.getLogger(__name__)

STALLED = "newscrawl_stalled"  # meta: seconds in flight while the crawl's thread read a page


def in_flight(crawler: Any) -> list[Request]:
    """The requests the crawl has sent whose response headers it has not read yet (their
    latency is still running; a body still coming in has its latency already)."""
    try:
        slots = crawler.engine.downloader.slots
    except (AttributeError, RuntimeError):  # Scrapy's "not set yet": no crawl running
        return []
    return [
        request
        for slot in slots.values()
        for request in slot.transferring
        if "download_latency" not in request.meta
    ]


@contextmanager
def stalled(crawler: Any) -> Iterator[None]:
    """Around work that holds the crawl's thread (and so every response) back: its duration is
    added to each request in flight meanwhile (no request starts while the thread is held)."""
    waiting = in_flight(crawler)
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds = time.perf_counter() - start
        for request in waiting:
            request.meta[STALLED] = request.meta.get(STALLED, 0.0) + seconds


class StallAwareAutoThrottle(AutoThrottle):
    """Scrapy's AutoThrottle, over each response's latency less its `stalled` time."""

    def _response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        stall = request.meta.pop(STALLED, 0.0)
        latency = request.meta.get("download_latency")
        if stall and latency is not None:
            request.meta["download_latency"] = max(latency - stall, 0.0)
            if self.debug:  # AUTOTHROTTLE_DEBUG: beside Scrapy's line, which shows what is left
                logger.info("stalled: %5d ms of %5d ms latency", stall * 1000, latency * 1000)
        super()._response_downloaded(response, request, spider)
