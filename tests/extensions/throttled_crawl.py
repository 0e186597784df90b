"""A real Scrapy crawl of one site under newscrawl's AutoThrottle, run by test_throttle.py in
its own process (a process installs one reactor); prints one JSON line of what AutoThrottle saw.

    python throttled_crawl.py URL REQUESTS QUEUED_MS READ_MS [REACTOR] [START_DELAY]

The crawl's thread is kept busy in the two ways a crawl is: QUEUED_MS of work queued for every
turn of the event loop, which runs after its select() and before the sockets that select()
found ready (Scrapy's own continuations are queued so), and READ_MS of page read in each
response's callback, wrapped in `stalled` as the spider wraps the pages it reads itself.
START_DELAY is AUTOTHROTTLE_START_DELAY (0 unless given); a 404 answer is read like a 200 one.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import AsyncIterator
from typing import Any, ClassVar

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

from newscrawl.extensions.throttle import LOOP_TIME, stalled

THROTTLE = "newscrawl.extensions.throttle.StallAwareAutoThrottle"


class BusySpider(Spider):
    name = "busy"
    handle_httpstatus_list: ClassVar[list[int]] = [404]

    def __init__(self, url: str, requests: int, queued: float, read: float) -> None:
        super().__init__()
        self.url, self.requests, self.queued, self.read = url, requests, queued, read
        self.seen: list[dict[str, float]] = []
        self.done = False

    async def start(self) -> AsyncIterator[Request]:
        if self.queued:
            asyncio.get_running_loop().call_soon(self.queued_work)
        for n in range(self.requests):
            yield Request(f"{self.url}/{n}", dont_filter=True)

    def queued_work(self) -> None:
        time.sleep(self.queued)  # holds the loop as CPU work would
        if not self.done:
            asyncio.get_running_loop().call_soon(self.queued_work)

    def parse(self, response: Response) -> None:
        slot = self.crawler.engine.downloader.slots[response.meta["download_slot"]]
        seen = {
            "latency": response.meta["download_latency"],
            "delay": slot.delay,
            "status": response.status,
        }
        self.seen.append(seen | {"loop": response.meta.get(LOOP_TIME, 0.0)})
        with stalled(self.crawler):
            time.sleep(self.read)

    def closed(self, reason: str) -> None:
        self.done = True
        print(json.dumps({"reason": reason, "responses": self.seen}), flush=True)


def main(
    url: str, requests: str, queued_ms: str, read_ms: str, reactor: str = "", start: str = "0"
) -> None:
    settings: dict[str, Any] = {
        "EXTENSIONS": {"scrapy.extensions.throttle.AutoThrottle": None, THROTTLE: 0},
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_DEBUG": True,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
        "AUTOTHROTTLE_START_DELAY": float(start),
        "DOWNLOAD_DELAY": 0.0,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "DEBUG",
    }
    if reactor:
        settings["TWISTED_REACTOR"] = reactor
    process = CrawlerProcess(settings)
    process.crawl(
        BusySpider, url=url, requests=int(requests),
        queued=float(queued_ms) / 1000, read=float(read_ms) / 1000,
    )  # fmt: skip
    process.start()


if __name__ == "__main__":
    main(*sys.argv[1:])
