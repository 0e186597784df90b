"""Per-site limits for the whole cluster: before a worker downloads from a site it takes one of
that site's slots in Redis (one Lua script: at most N requests in flight cluster-wide, and the
next start no earlier than the delay after the last one). The delay is the worker's own for that
site, as AutoThrottle set it (or DOWNLOAD_DELAY); a Retry-After pauses the site for every worker.
robots.txt is obeyed by each worker as in a single-process crawl. A slot given up is released
in Redis together with the worker's next acquire (one round trip for both), or within
FREE_WITHIN seconds if none comes: later, never earlier, than the response that gave it up.

While Redis is unreachable a worker falls back to its own per-site limits: it cannot acknowledge
anything then, so it would otherwise only wait."""

from __future__ import annotations

import contextlib
import itertools
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.http import Response
from scrapy.utils.asyncio import sleep

from newscrawl.crawl.redis.connection import (
    Client,
    Link,
    RedisDownError,
    consumer_name,
    run_scripts,
)
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.downloadermiddlewares.retry import retry_after

logger = logging.getLogger(__name__)
TOKEN = "newscrawl_slot"  # meta: this request's hold on its site's slot
FREE_WITHIN = 0.05  # seconds: at most this late is a slot given up released in Redis

# KEYS: holders (token -> expiry ms), next start (ms). ARGV: limit, delay ms, hold ms, token.
# Returns 0 (taken), or how many ms to wait before asking again. Redis's clock, not the
# workers': machines' clocks differ.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if nxt > now then return nxt - now end
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 20 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[4])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
local delay = tonumber(ARGV[2])
if delay > 0 then redis.call('SET', KEYS[2], now + delay, 'PX', delay + 1000) end
return 0
"""

# KEYS: holders, next start. ARGV: token, pause ms (0: none).
_RELEASE = """
redis.call('ZREM', KEYS[1], ARGV[1])
local pause = tonumber(ARGV[2])
if pause > 0 then
  local t = redis.call('TIME')
  local until_ = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + pause
  if until_ > tonumber(redis.call('GET', KEYS[2]) or '0') then
    redis.call('SET', KEYS[2], until_, 'PX', pause + 1000)
  end
end
return 1
"""


class ClusterSlotMiddleware:
    """Downloader middleware, last before the download: one cluster-wide slot per request."""

    def __init__(
        self, crawler: Any, link: Link, config: ClusterSettings, limit: int, clock: Any
    ) -> None:
        self.crawler, self.link, self.limit, self.clock = crawler, link, limit, clock
        self.prefix = config.prefix
        self.hold_ms = int(config.lease * 1000)
        self.default_delay = crawler.settings.getfloat("DOWNLOAD_DELAY", 0.0)
        self.names = (f"{consumer_name()}:{n}" for n in itertools.count())
        self._acquire = link.client.register_script(_ACQUIRE)
        self._release = link.client.register_script(_RELEASE)
        # Slots given up and not yet released in Redis: released with this worker's next
        # acquire, in one round trip, or by `flushing` (on `clock`, the reactor) within
        # FREE_WITHIN seconds. A slot released late only holds the site back a little longer,
        # never lets more requests in.
        self.freed: list[tuple[list[str], list[Any]]] = []
        self.flushing: Any = None  # the delayed call of flush, while one is scheduled

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClusterSlotMiddleware:
        config = ClusterSettings.from_settings(crawler.settings)
        settings = crawler.settings
        given = settings.get("NEWSCRAWL_CLUSTER_CONCURRENCY_PER_DOMAIN")  # None: per process's
        limit = int(given) if given else settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 8)
        from twisted.internet import reactor  # the one Scrapy installed by now

        middleware = cls(crawler, Link(config.url), config, limit, reactor)
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def keys(self, request: Request) -> list[str]:
        site = (urlsplit(request.url).hostname or "").lower()
        return [f"{self.prefix}site:{site}:held", f"{self.prefix}site:{site}:next"]

    def delay_ms(self, request: Request) -> int:
        """This worker's delay for the site: AutoThrottle's, else DOWNLOAD_DELAY."""
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        return int(1000 * (slot.delay if slot is not None else self.default_delay))

    async def process_request(self, request: Request) -> None:
        token = next(self.names)
        args = [self.limit, self.delay_ms(request), self.hold_ms, token]
        keys = self.keys(request)
        while True:
            try:
                wait = int(self.link.call(lambda c: self.acquire(c, keys, args)))
            except RedisDownError:
                return  # this worker's own limits only, until Redis is back
            if wait == 0:
                request.meta[TOKEN] = token
                self.crawler.stats.inc_value("newscrawl/redis/site_slots")
                return
            await sleep(min(wait, 1000) / 1000)

    def process_response(self, request: Request, response: Response) -> Response:
        pause = 0.0
        if response.status in (429, 503):
            pause = retry_after(response.headers.get(b"Retry-After")) or 0.0
        self.free(request, pause)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self.free(request, 0.0)

    def acquire(self, client: Client, keys: list[str], args: list[Any]) -> int:
        """Release the slots given up since the last call, then try to take one: one round
        trip (a pipeline; each script is atomic on its own)."""
        freed = self.take_freed()
        if not freed:
            return int(self._acquire(keys=keys, args=args, client=client))
        calls = [(self._release, free_keys, free_args) for free_keys, free_args in freed]
        return int(run_scripts(client, [*calls, (self._acquire, keys, args)])[-1])

    def free(self, request: Request, pause: float) -> None:
        token = request.meta.pop(TOKEN, None)
        if token is None:
            return
        self.freed.append((self.keys(request), [token, int(pause * 1000)]))
        if pause > 0:
            self.flush()  # every worker pauses from now
        elif self.flushing is None:
            self.flushing = self.clock.callLater(FREE_WITHIN, self.flush)

    def flush(self) -> None:
        """Release in Redis every slot given up and not released yet."""
        freed = self.take_freed()
        if not freed:
            return

        def release(client: Client) -> None:
            run_scripts(client, [(self._release, keys, args) for keys, args in freed])

        with contextlib.suppress(RedisDownError):  # else each hold expires by itself
            self.link.call(release)

    def take_freed(self) -> list[tuple[list[str], list[Any]]]:
        """The slots to release now; their delayed release is off."""
        if self.flushing is not None and self.flushing.active():
            self.flushing.cancel()
        self.flushing = None
        freed, self.freed = self.freed, []
        return freed

    def close(self) -> None:
        self.flush()
