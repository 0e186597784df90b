"""AutoThrottle over the site's latency: time the crawl's own thread held responses back is not
the site's, and a slow site is still measured slow; the start delay holds until the site's first
answer, which sets the delay its latency asks for."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import python
from scrapy import Request, Spider
from scrapy.core.downloader import Slot
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newscrawl.extensions.throttle import (
    STALLED,
    StallAwareAutoThrottle,
    in_flight,
    loop_clock,
    stalled,
)

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
    throttle.clock = None  # this rule is the one for a loop that cannot be timed
    request = sent(crawler, "http://127.0.0.1/a")
    request.meta[STALLED] = 0.4
    # 0.5 s in flight, 0.4 s of them held back by the crawl's own thread: the site took 0.1 s,
    # and AutoThrottle aims at 2 in flight: the site's first answer sets 0.1 / 2.
    assert answered(throttle, request, 0.5) == pytest.approx(0.05)
    assert request.meta["download_latency"] == pytest.approx(0.1)
    plain = sent(crawler, "http://127.0.0.1/b")  # a slow site still counts
    assert answered(throttle, plain, 0.5) == pytest.approx(0.25)
    again = sent(crawler, "http://127.0.0.1/c")  # later answers are Scrapy's average
    assert answered(throttle, again, 0.1) == pytest.approx((0.25 + 0.05) / 2)


def test_no_crawl_engine_no_requests_in_flight() -> None:
    crawler = get_crawler(Spider)
    assert in_flight(crawler) == []
    with stalled(crawler):
        pass


CRAWL = Path(__file__).with_name("throttled_crawl.py")


class Site(BaseHTTPRequestHandler):
    """Answers every GET after the server's `delay` seconds (the site's own time), its first
    `errors` ones with a 404; notes when each arrived."""

    protocol_version = "HTTP/1.1"
    server: Any

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.arrivals.append(time.monotonic())
            status = 404 if len(self.server.arrivals) <= self.server.errors else 200
        time.sleep(self.server.delay)
        body = b"<html><body><p>page</p></body></html>"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[Any]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.delay = 0.0  # type: ignore[attr-defined]
    server.errors = 0  # type: ignore[attr-defined]
    server.arrivals = []  # type: ignore[attr-defined]
    server.lock = threading.Lock()  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def crawl(
    server: Any, queued_ms: int, read_ms: int, reactor: str = "", start: float = 0.0
) -> tuple[Any, str]:
    """The latencies a real crawl of `server` gave AutoThrottle (throttled_crawl.py), its log."""
    url = f"http://127.0.0.1:{server.server_address[1]}/page"
    args = (url, "8", str(queued_ms), str(read_ms), reactor, str(start))
    done = python(str(CRAWL), *args, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["reason"] == "finished"
    assert len(result["responses"]) == 8
    return result["responses"], done.stderr


def test_a_slow_site_measures_at_least_its_own_time_while_the_crawl_is_busy(site: Any) -> None:
    site.delay = 0.25
    responses, _ = crawl(site, queued_ms=30, read_ms=100)
    # Each response is read 30 ms after the select() that found it (taken off), while pages
    # read by the crawl's thread overlap the site's 250 ms (never taken off).
    assert min(r["latency"] for r in responses) >= 0.25
    assert all(r["loop"] >= 0.03 for r in responses)
    assert responses[-1]["delay"] >= 0.25 / 2


def test_the_loops_work_after_select_is_not_the_sites(site: Any) -> None:
    responses, _ = crawl(site, queued_ms=40, read_ms=0)
    # The site answers at once; the 40 ms the loop spends on queued work after each select()
    # and before reading the response it found is the crawl's own, and stays out.
    assert all(r["loop"] >= 0.04 for r in responses)
    assert all(r["latency"] > 0 for r in responses)


def test_a_loop_that_cannot_be_timed_falls_back_to_the_page_reads(site: Any) -> None:
    epoll = "twisted.internet.epollreactor.EPollReactor"
    responses, log = crawl(site, queued_ms=0, read_ms=60, reactor=epoll)
    assert log.count("has no selector to time") == 1
    assert all(r["loop"] == 0 for r in responses)
    # Scrapy's latencies, less the pages read while each request was in flight.
    stalls = [int(ms) for ms in re.findall(r"page reads in flight: *(\d+) ms$", log, re.M)]
    assert len(stalls) == 8
    assert max(stalls) >= 60


def test_a_fast_sites_first_answer_ends_the_start_delay(site: Any) -> None:
    responses, _ = crawl(site, queued_ms=0, read_ms=0, start=0.5)
    first = responses[0]
    assert first["delay"] == pytest.approx(first["latency"] / 2)
    # The second request was waiting out the start delay (0.25-0.75 s with its jitter): it goes
    # once the first answer is in, as the delay that answer set allows.
    assert site.arrivals[1] - site.arrivals[0] < 0.2


def test_a_slow_site_is_never_paced_faster_than_its_answers(site: Any) -> None:
    site.delay = 0.3
    responses, _ = crawl(site, queued_ms=0, read_ms=0, start=0.5)
    assert responses[0]["delay"] == pytest.approx(responses[0]["latency"] / 2)
    fastest = min(r["latency"] for r in responses)
    assert fastest >= 0.29, responses
    assert all(r["delay"] >= fastest / 2 for r in responses), responses


def test_an_error_answer_first_keeps_the_start_delay(site: Any) -> None:
    site.errors = 1
    responses, _ = crawl(site, queued_ms=0, read_ms=0, start=0.5)
    # A quick 404 says little of the site's pace: Scrapy's rule keeps the longer delay, and the
    # site's first 200 answer sets the delay its latency asks for.
    assert (responses[0]["status"], responses[0]["delay"]) == (404, 0.5)
    assert site.arrivals[1] - site.arrivals[0] >= 0.5 * 0.5 - 0.01
    ok = responses[1]
    assert (ok["status"], ok["delay"]) == (200, pytest.approx(ok["latency"] / 2))


def test_the_loop_clock_notes_each_select_return_once_wrapped() -> None:
    loop = asyncio.new_event_loop()
    reactor = SimpleNamespace(_asyncioEventloop=loop)
    clock = loop_clock(reactor)
    assert clock is not None
    assert loop_clock(reactor) is clock
    seen: list[float] = []

    def after_select() -> None:
        seen.append(time.monotonic() - clock.woke)
        time.sleep(0.03)  # the loop's own work: what follows it is read after it
        loop.call_soon(lambda: seen.append(time.monotonic() - clock.woke))
        loop.call_later(0.01, loop.stop)

    start = time.monotonic()
    loop.call_later(0.05, after_select)
    loop.run_forever()
    loop.close()
    assert clock.woke >= start + 0.05  # the select() that waited for the timer
    assert seen[0] < 0.02
    assert seen[1] < 0.02


def test_a_loop_without_a_selector_has_no_clock(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="newscrawl.extensions.throttle")
    assert loop_clock(SimpleNamespace()) is None
    assert loop_clock(SimpleNamespace(_asyncioEventloop=object())) is None
    assert [r.message.count("has no selector to time") for r in caplog.records] == [1, 1]
