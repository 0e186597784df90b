"""AutoThrottle that measures the site, not the crawl's own pauses.

AutoThrottle keeps about AUTOTHROTTLE_TARGET_CONCURRENCY requests in flight per site by
waiting `latency / target` between requests, latency being the time from sending a request to
reading its response headers. The crawl's thread is busy most of the time (parsing, pipelines,
feeding its page readers, reading pages itself), and a response that has arrived waits in the
kernel until the event loop gets round to it: Scrapy counts that wait as the site's, and
AutoThrottle answers the crawl's own work with a longer wait between requests.

Here a response's latency ends when the loop's select() that found it ready returned
(crawl/loop.py): its bytes were there by then, so the latency is never shorter than
the site's own time, and the loop's work after that return is left out. Where the loop cannot
be timed, the older, coarser rule applies: each page read in the crawl's thread (`stalled`) is
taken off the latency of the requests in flight meanwhile.

AUTOTHROTTLE_START_DELAY is a guess made before the site has said anything: it holds until the
site's first answer, which sets the delay AutoThrottle aims at for the latency it measured
(`latency / AUTOTHROTTLE_TARGET_CONCURRENCY` within DOWNLOAD_DELAY and AUTOTHROTTLE_MAX_DELAY)
instead of Scrapy's halfway step from the guess: a fast site is not paced by a guess for the
whole of discovery, a slow one is never paced faster than its own answer says. Later answers
keep Scrapy's averaging. An error answer (not 200) only lengthens the delay, as in Scrapy: error
pages are small and quick, and say little of the site's pace.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from scrapy import Request, signals
from scrapy.core.downloader import Slot
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response
from scrapy.utils.reactor import is_reactor_installed

from newscrawl.crawl.loop import TimedSelector, timed_selector

logger = logging.getLogger(__name__)

STALLED = "newscrawl_stalled"  # meta: seconds in flight while the crawl's thread read a page
LOOP_TIME = "newscrawl_loop_time"  # meta: seconds the loop worked after the response was ready


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


def loop_clock(reactor: Any) -> TimedSelector | None:
    """The timed selector of `reactor`'s event loop, or None (one debug line) when the loop has
    none to time: then the coarser `stalled` rule applies."""
    loop = getattr(reactor, "_asyncioEventloop", None)
    timed = timed_selector(loop)
    if timed is None:
        logger.debug(
            "%s has no selector to time: AutoThrottle counts the crawl's own pauses as latency",
            type(loop if loop is not None else reactor).__name__,
        )
    return timed


class StallAwareAutoThrottle(AutoThrottle):
    """Scrapy's AutoThrottle, over each response's latency up to the loop's wake-up that found
    it ready (or, where the loop cannot be timed, less its `stalled` time)."""

    clock: TimedSelector | None = None

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.measured: dict[str, Slot] = {}  # each site's slot once its pace was measured
        self.answering: str | None = None  # the slot key of the response being adjusted to

    def _spider_opened(self, spider: Any) -> None:
        super()._spider_opened(spider)
        if not is_reactor_installed():  # importing the reactor would install one
            return
        from twisted.internet import reactor

        self.clock = loop_clock(reactor)
        if self.clock is not None:
            self.crawler.signals.connect(self._headers_received, signals.headers_received)

    def _headers_received(self, request: Request, **_: Any) -> None:
        """Right after Scrapy set the latency (same callback chain, microseconds later)."""
        latency = request.meta.get("download_latency")
        own = time.monotonic() - self.clock.woke  # type: ignore[union-attr]
        # A response read without a select() since its request left (none over the network)
        # keeps Scrapy's latency.
        if latency is not None and own < latency:
            request.meta["download_latency"] = latency - own
            request.meta[LOOP_TIME] = own

    def _response_downloaded(self, response: Response, request: Request, spider: Any) -> None:
        # With the loop timed, a page read after the select that found the response is out
        # already; one read before it may overlap the site's own time, so it stays in.
        stall = request.meta.pop(STALLED, 0.0)
        latency = request.meta.get("download_latency")
        if stall and latency is not None and self.clock is None:
            request.meta["download_latency"] = latency = max(latency - stall, 0.0)
        if self.debug and latency is not None:  # AUTOTHROTTLE_DEBUG: beside Scrapy's line
            logger.info(
                "site: %5d ms | loop after select: %5d ms | page reads in flight: %5d ms%s",
                latency * 1000, request.meta.get(LOOP_TIME, 0.0) * 1000, stall * 1000,
                "" if self.clock is None else " (counted)",
            )  # fmt: skip
        self.answering = request.meta.get("download_slot")
        super()._response_downloaded(response, request, spider)

    def _adjust_delay(self, slot: Slot, latency: float, response: Response) -> None:
        """The site's first answer replaces the start delay by its target (module docstring);
        an error answer before it, or any later answer, is Scrapy's rule."""
        key = self.answering or ""
        if self.measured.get(key) is slot or response.status != 200:
            before = slot.delay
            super()._adjust_delay(slot, latency, response)
            if slot.delay != before:  # a slow error answer measured the site already
                self.measured[key] = slot
            return
        self.measured[key] = slot
        target = latency / self.target_concurrency
        slot.delay = min(max(self.mindelay, target), self.maxdelay)
        # The next request may be waiting out the start delay: Scrapy asks the slot again right
        # after this signal, which then waits the new delay from the last request's start.
        slot.close()
