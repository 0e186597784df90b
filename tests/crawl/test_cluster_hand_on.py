"""A worker hands an item on only while it owns the frontier entry the item came from: once its
lease ran out and another worker reclaimed the entry, its late copy stays out of the item stream
(the entry may be done and deleted, the ingest gone, with nothing left to read it)."""

from __future__ import annotations

import time

from clusterkit import KEYS, budget

from newscrawl.crawl.redis.connection import Link
from newscrawl.crawl.redis.queue import FrontierQueue
from newscrawl.demo.redis_server import RedisServer


def test_only_the_worker_owning_an_entry_hands_its_items_on(redis_server: RedisServer) -> None:
    link = Link(redis_server.url)
    first, second = (FrontierQueue(link, KEYS, f"worker:{n}", 0.05, 5) for n in (1, 2))
    first.ensure_groups()
    assert first.enqueue(0, '{"url": "http://news.example/1.htm"}', b"fp1", 3600)
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
    records = [fields[b"r"] for _, fields in link.client.xrange(KEYS.items)]
    assert records == [b"while owned", b"reclaimed"]
