"""ItemStreamPipeline: the workers' last pipeline stage. Each article goes to the item stream
and the stage returns only once Redis accepted it; a page passed over goes there too (its visits
rows). A refused item gives its frontier entry back unacknowledged (tickets.py)."""

from __future__ import annotations

import logging
import os
import signal
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem

from newscrawl.crawl.redis.connection import Link, RedisDownError
from newscrawl.crawl.redis.keys import Keys
from newscrawl.crawl.redis.records import article_record, passed_over_record
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.crawl.redis.tickets import TRACKERS, Ticket, Tracker
from newscrawl.items import Article
from newscrawl.signals import page_passed_over

logger = logging.getLogger(__name__)


class ItemStreamPipeline:
    def __init__(self, crawler: Any, link: Link, keys: Keys, fault_after: int = 0) -> None:
        self.crawler, self.link, self.keys = crawler, link, keys
        self.stats = crawler.stats
        # Tests only (NEWSCRAWL_REDIS_TEST_KILL_AFTER_ITEMS): SIGKILL this worker right after its
        # Nth item was accepted, before the entry is acknowledged.
        self.fault_after = fault_after
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> ItemStreamPipeline:
        config = ClusterSettings.from_settings(crawler.settings)
        fault = crawler.settings.getint("NEWSCRAWL_REDIS_TEST_KILL_AFTER_ITEMS", 0)
        pipeline = cls(crawler, Link(config.url), Keys(config.prefix), fault)
        crawler.signals.connect(pipeline.passed_over, signal=page_passed_over)
        crawler.signals.connect(pipeline.item_dropped, signal=signals.item_dropped)
        return pipeline

    @property
    def tracker(self) -> Tracker | None:
        return TRACKERS.get(self.crawler)

    def send(self, record: str, ticket: Ticket | None) -> bool:
        """Put `record` on the item stream; one of a frontier entry only while this worker still
        owns the entry (False: another worker reclaimed it, and that worker's copy is handed on)."""
        tracker = self.tracker
        if ticket is None or tracker is None:
            self.link.call(lambda c: c.xadd(self.keys.items, {"r": record}))
            return True
        return tracker.queue.hand_on(ticket.stream, ticket.entry_id, record)

    def process_item(self, item: Any) -> Any:
        tracker = self.tracker
        ticket = tracker.ticket_of_item(item) if tracker is not None else None
        try:
            sent = self.send(article_record(item), ticket)
        except RedisDownError as error:
            if tracker is not None:
                tracker.item_failed(item, f"item stream unavailable: {error}")
            raise DropItem(
                f"not handed to the item stream, will be fetched again: {error}"
            ) from None
        if not sent:
            assert tracker is not None
            tracker.item_superseded(item)
            raise DropItem("its frontier entry was reclaimed by another worker, whose copy counts")
        self.stats.inc_value("newscrawl/redis/items")
        self.sent += 1
        if self.fault_after and self.sent >= self.fault_after:
            os.kill(os.getpid(), signal.SIGKILL)
        return item

    def passed_over(self, urls: list[str], source_id: str, outcome: str) -> None:
        """A page read and not archived: its visits rows go to the ingest too."""
        tracker = self.tracker
        ticket = tracker.current if tracker is not None else None
        try:
            self.send(passed_over_record(urls, source_id, outcome, datetime.now(UTC)), ticket)
        except RedisDownError as error:
            if tracker is not None:
                tracker.fail(tracker.current, f"item stream unavailable: {error}")

    def item_dropped(self, item: Any, exception: BaseException) -> None:
        """An article an earlier stage dropped (no title, no body) is a page passed over."""
        tracker = self.tracker
        ticket = tracker.ticket_of_item(item) if tracker is not None else None
        if ticket is None or ticket.over:
            return
        if isinstance(item, Article):
            urls = [*item.requested_urls, item.url]
            record = passed_over_record(urls, item.source_id, "dropped", datetime.now(UTC))
            try:
                self.send(record, ticket)
            except RedisDownError as error:
                assert tracker is not None
                tracker.item_failed(item, f"item stream unavailable: {error}")
                return
        assert tracker is not None
        tracker.item_done(item)
