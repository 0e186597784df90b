"""AutoThrottle over the site's latency: time the crawl's own thread held responses back is not
the site's."""

from __future__ import annotations

import time
from types import SimpleNamespace
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newscrawl.extensions.throttle import STALLED, StallAwareAutoThrottle, in_flight, stalled

SITE = "127.0.0.1"


def throttled_crawler() -> Any:
    """A crawler whose engine's downloader has one site's slot: what AutoThrottle and the stall
    bookkeeping read of a running crawl (a real engine needs a running reactor)."""
    settings = {"AUTOTHROTTLE_ENABLED": True, "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0}
    crawler = get_crawler(Spider, settings)
    crawler.spider = crawler._create_spider("throttled")
    slots = {SITE: Slot(concurrency=4, delay=1.0)}
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots=slots, _delay=1.0))
    return crawler


def sent(crawler: Any, url: str) -> Request:
    request = Request(url, meta={"download_slot": SITE})
    crawler.engine.downloader.slots[SITE].transferring.add(request)
    return request


def answered(throttle: StallAwareAutoThrottle, request: Request, latency: float) -> float:
    """The site's delay after `request` came back `latency` seconds after it was sent."""
    request.meta["download_latency"] = latency
    crawler = throttle.crawler
    crawler.engine.downloader.slots[SITE].transferring.discard(request)
    throttle._response_downloaded(Response(request.url), request, crawler.spider)
    return float(crawler.engine.downloader.slots[SITE].delay)


def test_a_stall_is_added_to_the_requests_in_flight_only() -> None:
    crawler = throttled_crawler()
    waiting = sent(crawler, "http://127.0.0.1/a")
    assert in_flight(crawler) == [waiting]
    with stalled(crawler):
        time.sleep(0.05)
    later = sent(crawler, "http://127.0.0.1/b")
    headers_read = sent(crawler, "http://127.0.0.1/c")
    headers_read.meta["download_latency"] = 0.001  # its body is still coming: latency measured
    with stalled(crawler):
        time.sleep(0.02)
    assert 0.07 <= waiting.meta[STALLED] < 0.5
    assert 0.02 <= later.meta[STALLED] < 0.45
    assert STALLED not in headers_read.meta


def test_the_delay_follows_the_site_not_the_stall() -> None:
    crawler = throttled_crawler()
    throttle = StallAwareAutoThrottle(crawler)
    throttle._spider_opened(crawler.spider)
    request = sent(crawler, "http://127.0.0.1/a")
    request.meta[STALLED] = 0.4
    # 0.5 s in flight, 0.4 s of them held back by the crawl's own thread: the site took 0.1 s,
    # and AutoThrottle aims at 2 in flight: (1.0 + 0.1 / 2) / 2.
    assert answered(throttle, request, 0.5) == pytest.approx(0.525)
    assert request.meta["download_latency"] == pytest.approx(0.1)
    plain = sent(crawler, "http://127.0.0.1/b")  # a slow site still counts
    assert answered(throttle, plain, 0.5) == pytest.approx((0.525 + 0.25) / 2)


def test_no_crawl_engine_no_requests_in_flight() -> None:
    crawler = get_crawler(Spider)
    assert in_flight(crawler) == []
    with stalled(crawler):
        pass
