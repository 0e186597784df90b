"""A worker hands on what it made of a frontier entry only while it owns the entry: once its
lease ran out and another worker reclaimed the entry, its late copies (an item, a link found on
the page, an entry point's validators) stay out of the streams. The reclaiming worker makes its
own; the entry may be done and deleted, the ingest gone, with nothing left to read a late one."""

from __future__ import annotations

import time
from typing import Any

from clusterkit import KEYS, budget
from scrapy import Request
from scrapy.http import Response

from newscrawl.crawl.redis.connection import Link
from newscrawl.crawl.redis.queue import ADDED, SEEN, SUPERSEDED, Entry, FrontierQueue
from newscrawl.crawl.redis.tickets import TICKET, TRACKERS, Ticket, Tracker
from newscrawl.crawl.redis.validators import EntryValidatorsMiddleware
from newscrawl.demo.redis_server import RedisServer


def _queues(redis_server: RedisServer) -> tuple[Link, FrontierQueue, FrontierQueue]:
    link = Link(redis_server.url)
    first, second = (FrontierQueue(link, KEYS, f"worker:{n}", 0.05, 5) for n in (1, 2))
    first.ensure_groups()
    return link, first, second


def _reclaimed(first: FrontierQueue, second: FrontierQueue) -> Entry:
    """An entry the first worker read, then the second reclaimed once the lease ran out."""
    assert first.enqueue(0, '{"url": "http://news.example/feed.xml"}', b"fp0", 3600) == ADDED
    [entry] = first.read(10)
    deadline = budget()
    claimed: list[Entry] = []
    while not claimed and time.monotonic() < deadline:  # until the first one's lease runs out
        claimed = second.claim(10)
    assert [e.id for e in claimed] == [entry.id]
    return entry


def _records(link: Link, stream: str) -> list[bytes]:
    return [fields[b"r"] for _, fields in link.client.xrange(stream)]


def test_only_the_worker_owning_an_entry_hands_its_items_on(redis_server: RedisServer) -> None:
    link, first, second = _queues(redis_server)
    assert first.enqueue(0, '{"url": "http://news.example/1.htm"}', b"fp1", 3600) == ADDED
    [entry] = first.read(10)
    assert first.hand_on(entry.stream, entry.id, "while owned")
    deadline = budget()
    claimed = []
    while not claimed and time.monotonic() < deadline:  # until the first one's lease runs out
        claimed = second.claim(10)
    assert [e.id for e in claimed] == [entry.id]
    assert not first.hand_on(entry.stream, entry.id, "after its lease")
    assert second.hand_on(entry.stream, entry.id, "reclaimed")
    assert second.ack(entry.stream, entry.id)
    assert not first.hand_on(entry.stream, entry.id, "after the entry was done")
    assert _records(link, KEYS.items) == [b"while owned", b"reclaimed"]


def test_only_the_worker_owning_an_entry_sends_the_links_found_in_it(
    redis_server: RedisServer,
) -> None:
    link, first, second = _queues(redis_server)
    feed = _reclaimed(first, second)
    found_in = (feed.stream, feed.id)
    late = first.enqueue(1, "late", b"fp2", 3600, propose=True, found_in=found_in)
    assert late == SUPERSEDED
    # the late copy did not count as seen: the reclaiming worker's copy goes
    assert second.enqueue(1, "reclaimed", b"fp2", 3600, propose=True, found_in=found_in) == ADDED
    assert second.enqueue(1, "again", b"fp2", 3600, propose=True, found_in=found_in) == SEEN
    assert second.enqueue(1, "direct", None, 0, found_in=found_in) == ADDED
    assert second.ack(feed.stream, feed.id)
    assert first.enqueue(1, "after", None, 0, found_in=found_in) == SUPERSEDED
    assert _records(link, KEYS.proposed) == [b"reclaimed"]
    assert _records(link, KEYS.frontier[1]) == [b"direct"]


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


class _Crawler:
    """What the middleware finds its worker's tracker by (TRACKERS is keyed by crawler)."""


def test_only_the_worker_owning_an_entry_point_keeps_its_validators(
    redis_server: RedisServer,
) -> None:
    link, first, second = _queues(redis_server)
    feed = _reclaimed(first, second)
    workers: list[Any] = []
    for queue in (first, second):
        crawler, stats = _Crawler(), _Stats()
        TRACKERS[crawler] = Tracker(queue, stats)
        workers.append((crawler, EntryValidatorsMiddleware(link, KEYS, stats, crawler)))
    url = "http://news.example/feed.xml"
    for (_, middleware), etag in zip(workers, (b'"late"', b'"reclaimed"'), strict=True):
        meta = {"newscrawl_entry": "news", TICKET: Ticket(feed.stream, feed.id)}
        response = Response(url, status=200, headers={"ETag": etag})
        assert middleware.process_response(Request(url, meta=meta), response) is response
    [record] = _records(link, KEYS.items)
    assert b'"etag": "\\"reclaimed\\""' in record
    assert workers[0][1].stats.values == {"newscrawl/redis/superseded": 1}
