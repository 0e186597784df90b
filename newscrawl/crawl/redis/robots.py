"""robots.txt in a cluster: one fetch a site for all workers, kept in Redis for at most a day,
and asked again by a worker that has run longer than that.

One process keeps robots.txt in its archive (downloadermiddlewares/robotscache.py); workers
have no archive, so without this every worker would ask every site for it. Scrapy's
RobotsTxtMiddleware keeps each site's rules for the life of its process, which for a worker
that runs for weeks breaks RFC 9309's day; ExpiringRobotsTxtMiddleware forgets them after it.
"""

from __future__ import annotations

import contextlib
import time
from datetime import timedelta
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from newscrawl.crawl.redis.connection import Link, RedisDownError
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.downloadermiddlewares.robotscache import is_kept, is_robots_request, max_age

# RFC 9309 section 2.5: a crawler must read at least the first 500 KiB; no more is kept.
KEPT_BYTES = 500 * 1024
SWEEP_EVERY = 1024  # new sites between sweeps of the expired ones out of a worker's memory


class SharedRobotsTxtMiddleware:
    """Answers Scrapy's robots.txt request from Redis while another worker's answer (2xx or
    4xx) is younger than the max age; stores this worker's otherwise. Redis down: the site is
    asked, as in a single crawl without a cache."""

    def __init__(self, link: Link, prefix: str, age: timedelta, stats: Any) -> None:
        self.link, self.prefix, self.stats = link, prefix, stats
        self.age_ms = int(age.total_seconds() * 1000)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedRobotsTxtMiddleware:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY") or settings.getbool("NEWSCRAWL_REFRESH"):
            raise NotConfigured
        config = ClusterSettings.from_settings(settings)
        return cls(Link(config.url), config.prefix, max_age(settings), crawler.stats)

    def key(self, request: Request) -> str:
        return f"{self.prefix}robots:{request.url}"

    def process_request(self, request: Request) -> Response | None:
        if not is_robots_request(request):
            return None
        try:
            kept = self.link.call(lambda c: c.get(self.key(request)))
        except RedisDownError:
            return None
        if kept is None:
            return None
        status, _, body = bytes(kept).partition(b"\n")
        self.stats.inc_value("newscrawl/robots_txt_cached")
        return Response(
            request.url, status=int(status), body=body, request=request, flags=["cached"]
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if not is_robots_request(request) or "cached" in response.flags:
            return response
        if is_kept(response.status):
            value = b"%d\n" % response.status + response.body[:KEPT_BYTES]
            with contextlib.suppress(RedisDownError):  # the next worker asks the site itself
                self.link.call(lambda c: c.set(self.key(request), value, px=self.age_ms))
        return response


class ExpiringRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware whose rules for a site are asked for again once they are
    older than the max age (a request waiting for them keeps waiting for the same answer)."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.max_age = max_age(crawler.settings).total_seconds()
        self.asked: dict[str, float] = {}  # site -> when its rules were asked for

    async def robot_parser(self, request: Request) -> Any:
        netloc = urlparse_cached(request).netloc
        now = time.monotonic()
        asked = self.asked.get(netloc)
        if asked is None or (now - asked > self.max_age and self._settled(netloc)):
            self._parsers.pop(netloc, None)
            self.asked[netloc] = now
            if len(self.asked) % SWEEP_EVERY == 0:
                self._sweep(now)
        return await super().robot_parser(request)

    def _settled(self, netloc: str) -> bool:
        return not isinstance(self._parsers.get(netloc), Deferred)

    def _sweep(self, now: float) -> None:
        """Forget the sites whose rules expired: a worker's memory stays bounded by the sites
        it crawled within the max age."""
        for netloc, asked in list(self.asked.items()):
            if now - asked > self.max_age and self._settled(netloc):
                del self.asked[netloc]
                self._parsers.pop(netloc, None)
