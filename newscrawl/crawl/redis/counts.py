"""Each worker's counts in Redis, for `newscrawl cluster status`: what it sent to the ingest, the
pages it read and what failed, by reason. A worker's summary says the same when it ends, but
only to whoever started it; the operator of a live cluster asks Redis.

One small hash a worker (`Keys.counts`), written with the worker's running totals (HSET of
absolute values, not HINCRBY of deltas: a write that Redis refused, or that was sent twice, is
made good by the next one) every NEWSCRAWL_REDIS_COUNTS_INTERVAL seconds and when it ends, and
kept NEWSCRAWL_REDIS_COUNTS_KEPT seconds after its last write: an ended worker's counts stay in
the totals for that long."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from newscrawl.crawl.redis.connection import RedisDownError
from newscrawl.crawl.redis.keys import Keys
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.extensions.progress import summarize

if TYPE_CHECKING:
    from twisted.internet.task import LoopingCall

logger = logging.getLogger(__name__)

# The summary's counts kept in the hash; "<kind>/<reason>" fields for the counts by reason.
COUNTS = ("pages", "sent")
BY_REASON = ("failed", "dropped", "skipped")
ENTRIES = ("done", "given back", "lost", "dead letters")


def fields(summary: Mapping[str, Any]) -> dict[str, int]:
    """A worker's summary (progress.summarize) as the hash's fields."""
    found = {name: int(summary[name]) for name in COUNTS}
    for kind in BY_REASON:
        found |= {f"{kind}/{reason}": int(n) for reason, n in summary[kind].items()}
    found |= {f"entries/{name}": int(summary["entries"][name]) for name in ENTRIES}
    return found


class WorkerCounts:
    """The extension that writes this worker's hash, through the frontier's connection (one
    connection, one backoff and one "unreachable" line while Redis is away), under the
    frontier's consumer name (the name `cluster status` shows its leases under)."""

    def __init__(self, crawler: Any, prefix: str, interval: float, kept: float) -> None:
        self.crawler, self.stats = crawler, crawler.stats
        self.keys, self.interval, self.kept = Keys(prefix), interval, kept
        self.loop: LoopingCall | None = None
        # Here, not with the module: tickets.py imports Scrapy, `cluster status` this module.
        from newscrawl.crawl.redis.tickets import TRACKERS

        self.trackers = TRACKERS

    @classmethod
    def from_crawler(cls, crawler: Any) -> WorkerCounts:
        settings = crawler.settings
        ext = cls(
            crawler,
            ClusterSettings.from_settings(settings).prefix,
            settings.getfloat("NEWSCRAWL_REDIS_COUNTS_INTERVAL", 5.0),
            settings.getfloat("NEWSCRAWL_REDIS_COUNTS_KEPT", 86400.0),
        )
        from scrapy import signals

        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        from twisted.internet.task import LoopingCall

        self.loop = LoopingCall(self.write)
        self.loop.start(self.interval, now=True)

    def closed(self) -> None:
        # After the frontier's close: its given-back entries are counted.
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.write(ended=True)

    def write(self, ended: bool = False) -> None:
        tracker = self.trackers.get(self.crawler)  # the frontier's, made as the engine opened
        if tracker is None:
            return
        queue = tracker.queue
        key = self.keys.counts(queue.consumer)
        mapping: dict[str, Any] = fields(summarize(self.stats.get_stats()))
        mapping |= {"updated": f"{time.time():.3f}", "ended": int(ended)}

        def hset(client: Any) -> None:
            pipe = client.pipeline(transaction=True)
            pipe.hset(key, mapping=mapping)
            pipe.expire(key, max(1, int(self.kept)))
            pipe.execute()

        try:
            queue.link.call(hset)
        except RedisDownError as error:
            # The next write carries the same totals; the link logged Redis being away.
            logger.debug("worker counts not written: %s", error)
