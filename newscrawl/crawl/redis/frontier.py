"""RedisFrontier: a Scrapy scheduler (SCHEDULER setting) whose queue is the cluster's frontier.

Requests found by the spider go to Redis (JSON, deduplicated within the seen window); a poller
leases entries to this worker and hands them to the engine; a request is acknowledged only when
done (tickets.py). Retries and redirects of a leased request stay on this worker, under its
lease. The worker never closes for an empty frontier unless NEWSCRAWL_REDIS_EXIT_WHEN_DONE.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from collections import deque
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet.task import LoopingCall

from newscrawl.crawl.redis.bounds import CrawlBounds
from newscrawl.crawl.redis.codec import MalformedEntryError, decode_request, encode_request
from newscrawl.crawl.redis.connection import Link, RedisDownError, consumer_name
from newscrawl.crawl.redis.keys import Keys
from newscrawl.crawl.redis.queue import ADDED, SUPERSEDED, Entry, FrontierQueue
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.crawl.redis.tickets import PARENT, TICKET, TRACKERS, Ticket, Tracker

logger = logging.getLogger(__name__)


# What a worker proposes to the ingest's archive check (gate.py) instead of enqueueing: the
# article pages and the entry points (feeds, sitemaps) it finds.
PROPOSED = {"newscrawl_article", "newscrawl_entry"}


def level_of(request: Request) -> int:
    """0 for entry points and revisits, read before 1, everything else (articles, backfill)."""
    urgent = request.meta.get("newscrawl_entry") or request.meta.get("newscrawl_revisit")
    return 0 if urgent or request.priority > 0 else 1


class RedisFrontier:
    def __init__(self, crawler: Any, config: ClusterSettings, queue: FrontierQueue) -> None:
        self.crawler, self.config, self.queue = crawler, config, queue
        self.stats = crawler.stats
        self.tracker = Tracker(queue, crawler.stats)
        TRACKERS[crawler] = self.tracker
        self.ready: deque[Request] = deque()
        self.spider: Any = None
        self.groups_ready = False
        self.next_claim = 0.0
        self.loops: list[LoopingCall] = []

    @classmethod
    def from_crawler(cls, crawler: Any) -> RedisFrontier:
        config = ClusterSettings.from_settings(crawler.settings)
        link = Link(config.url)
        queue = FrontierQueue(
            link, Keys(config.prefix), consumer_name(), config.lease, config.max_deliveries
        )
        frontier = cls(crawler, config, queue)
        crawler.signals.connect(frontier.spider_idle, signal=signals.spider_idle)
        return frontier

    def open(self, spider: Any) -> None:
        self.spider = spider
        config, queue = self.config, self.queue
        logger.info(
            "worker %s: frontier %s, lease %.0fs, at most %d deliveries",
            queue.consumer, queue.link.safe_url, config.lease, config.max_deliveries,
        )  # fmt: skip
        for action, every in ((self.poll, self.config.poll), (self.renew, self.config.lease / 3)):
            loop = LoopingCall(action)
            loop.start(every, now=False)
            self.loops.append(loop)

    def close(self, reason: str) -> None:
        for loop in self.loops:
            if loop.running:
                loop.stop()
        given = self.tracker.give_back_all(f"worker stopped ({reason})")
        self.ready.clear()
        if given:
            logger.info("gave %d unfinished entries back to the frontier", given)

    def has_pending_requests(self) -> bool:
        return bool(self.ready)

    def next_request(self) -> Request | None:
        return self.ready.popleft() if self.ready else None

    def enqueue_request(self, request: Request) -> bool:
        if TICKET in request.meta:  # a retry or redirect of an entry this worker holds
            self.ready.append(request)
            return True
        parent: Ticket | None = request.meta.pop(PARENT, None)
        fingerprint = None
        if not request.dont_filter:
            fingerprint = self.fingerprint(request)
        try:
            done = self.queue.enqueue(
                level_of(request),
                encode_request(request, self.spider),
                fingerprint,
                self.config.window,
                propose=bool(PROPOSED & request.meta.keys()),
                found_in=(parent.stream, parent.entry_id) if parent else None,
            )
        except MalformedEntryError as error:
            self.stats.inc_value("newscrawl/redis/unsendable")
            logger.error("request %s cannot go to the frontier: %s", request.url, error)
            self.tracker.release(parent)
            return True
        except RedisDownError as error:
            self.tracker.fail(parent, f"frontier refused a request it found: {error}")
            return True
        self.tracker.release(parent)
        if done == SUPERSEDED:  # its entry was reclaimed: the reclaiming worker finds it again
            self.stats.inc_value("newscrawl/redis/superseded")
            return False
        self.stats.inc_value(
            "newscrawl/redis/enqueued" if done == ADDED else "newscrawl/redis/seen"
        )
        return done == ADDED

    def fingerprint(self, request: Request) -> bytes:
        """The request's fingerprint in the seen window; a --refresh seeding's requests have
        their own, so that it fetches again what other crawls saw, each page once."""
        found: bytes = self.crawler.request_fingerprinter.fingerprint(request)
        bounds = CrawlBounds.of(request)
        if bounds is not None and bounds.refresh:
            found = hashlib.sha1(bounds.crawl.encode() + found, usedforsecurity=False).digest()
        return found[: self.config.fingerprint_bytes]

    def poll(self) -> None:
        """Lease new and expired entries to this worker while it has room for them."""
        if not getattr(self.crawler.engine, "running", False):
            return
        want = self.config.prefetch - len(self.ready)
        if want <= 0:
            return
        try:
            if not self.groups_ready:
                self.queue.ensure_groups()
                self.groups_ready = True
            entries: list[Entry] = []
            if time.monotonic() >= self.next_claim:
                entries += self.queue.claim(want)
                self.next_claim = time.monotonic() + max(0.5, self.config.lease / 4)
                self.stats.set_value("newscrawl/redis/dead_letters", self.queue.buried)
            if len(entries) < want:
                entries += self.queue.read(want - len(entries))
        except RedisDownError:
            return  # Link logs it once a minute; the lease keeps everything safe meanwhile
        for entry in entries:
            self.start(entry)

    def start(self, entry: Entry) -> None:
        try:
            request = decode_request(entry.payload, self.spider)
        except MalformedEntryError as error:
            self.stats.inc_value("newscrawl/redis/malformed")
            logger.error(
                "frontier entry %s is malformed (%s): moved to the dead letters", entry.id, error
            )
            with contextlib.suppress(RedisDownError):  # else claimed again, and buried then
                self.queue.bury(entry, f"malformed: {error}"[:300])
            self.stats.set_value("newscrawl/redis/dead_letters", self.queue.buried)
            return
        ticket = Ticket(entry.stream, entry.id)
        self.tracker.take(ticket)
        request.meta[TICKET] = ticket
        request.errback = self.tracker.wrap_errback(ticket, request.errback)
        self.crawler.engine.crawl(request)

    def renew(self) -> None:
        with contextlib.suppress(RedisDownError):  # leases run out while Redis is away anyway
            self.tracker.renew()

    def spider_idle(self) -> None:
        """Wait for more work, unless told to stop once the whole frontier is done."""
        if self.config.exit_when_done and not self.tracker.held:
            try:
                if self.queue.depth() == 0:
                    return
            except RedisDownError:
                pass
        raise DontCloseSpider
