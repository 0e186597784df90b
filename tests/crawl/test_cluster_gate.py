"""The ingest's archive check of the article pages workers propose (crawl/redis/gate.py), on a
real redis-server and a real archive file: what the archive has not got, has due, or was told
changed goes to the frontier; what it has goes nowhere; a found feed goes with the validators
the archive keeps for it; a malformed proposal is a dead letter."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from clusterkit import KEYS, RedisServer
from helpers import article, make_due

from newscrawl.archive.store import Archive
from newscrawl.archive.visits import visit_rows
from newscrawl.crawl.redis.connection import Link
from newscrawl.crawl.redis.gate import Gate
from newscrawl.crawl.redis.queue import FrontierQueue

ARCHIVED, DUE, CHANGED = (article(n).url for n in (1, 2, 3))
NEW = "http://news.example/new.htm"
FEED, NEW_FEED = "http://news.example/feed.xml", "http://news.example/other.xml"


def payload(url: str, **meta: object) -> str:
    return json.dumps({"url": url, "callback": "parse_article", "meta": meta})


def archive_of_three(path: Path) -> None:
    """Three archived articles, none due for a revisit for a long time; then one made due."""
    with Archive(path) as archive:
        for n in (1, 2, 3):
            item = article(n)
            visits = [
                row | {"next_visit": "2999-01-01T00:00:00+00:00"} for row in visit_rows(item, None)
            ]
            archive.add(item, None, visits)
    make_due(path, DUE)
    with closing(sqlite3.connect(path)) as conn, conn:
        row = (FEED, "example", '"v1"', "Wed, 01 May 2024 08:00:00 GMT")
        conn.execute(
            "insert into entry_points (url, source_id, etag, last_modified) values (?, ?, ?, ?)",
            row,
        )


def frontier_urls(client: object, level: int) -> list[str]:
    entries = client.xrange(KEYS.frontier[level])  # type: ignore[attr-defined]
    return [json.loads(fields[b"r"])["url"] for _, fields in entries]


@pytest.fixture
def parts(tmp_path: Path, redis_server: RedisServer) -> tuple[Path, Link, FrontierQueue]:
    """The archive of three, a link to Redis, and a worker's side of the frontier."""
    db = tmp_path / "archive.db"
    archive_of_three(db)
    link = Link(redis_server.url)
    return db, link, FrontierQueue(link, KEYS, "worker:1", lease=60, max_deliveries=5)


def test_the_gate_forwards_only_what_the_archive_says_to_fetch(
    parts: tuple[Path, Link, FrontierQueue],
) -> None:
    db, link, queue = parts
    proposals = [
        payload(ARCHIVED),
        payload(DUE),
        payload(CHANGED, newscrawl_listed="2999-01-01T00:00:00+00:00"),
        payload(NEW),
        payload(ARCHIVED, newscrawl_bounds={"crawl": "c1", "refresh": True}),
        '{"url": 7}',
        payload(FEED, newscrawl_entry="example"),
        payload(NEW_FEED, newscrawl_entry="example"),
    ]
    for n, text in enumerate(proposals):
        assert queue.enqueue(1, text, f"fp{n}".encode(), 3600, propose=True)
    assert queue.depth() == len(proposals)  # a proposal is work not done yet
    assert frontier_urls(link.client, 1) == []

    gate = Gate(link, KEYS, db)
    client = link.client
    assert gate.prepare(client)
    with closing(sqlite3.connect(db)) as conn:
        assert gate.step(client, conn, replay=False) == len(proposals)

    assert frontier_urls(client, 1) == [DUE, CHANGED, NEW, ARCHIVED, FEED, NEW_FEED]
    asked = [json.loads(f[b"r"]).get("headers", {}) for _, f in client.xrange(KEYS.frontier[1])]
    assert asked[4] == {
        "If-None-Match": ['"v1"'], "If-Modified-Since": ["Wed, 01 May 2024 08:00:00 GMT"],
    }  # fmt: skip
    assert asked[5] == {}  # no validators kept: asked in full
    assert client.xlen(KEYS.proposed) == 0
    assert client.xpending(KEYS.proposed, "gate")["pending"] == 0
    dead = client.xrange(KEYS.dead)
    assert [fields[b"reason"].decode()[:10] for _, fields in dead] == ["malformed:"]
    assert dict(gate.counts) == {
        "archived": 1, "revisit": 1, "listed_changed": 1, "new": 1, "refresh": 1, "malformed": 1,
        "entry point": 2,
    }  # fmt: skip


def test_a_killed_gate_leaves_its_proposals_to_the_next_one(
    parts: tuple[Path, Link, FrontierQueue],
) -> None:
    db, link, queue = parts
    for n, url in enumerate((NEW, ARCHIVED)):
        queue.enqueue(0, payload(url), f"fp{n}".encode(), 3600, propose=True)
    client = link.client
    first = Gate(link, KEYS, db)
    first.prepare(client)
    client.xreadgroup("gate", first.consumer, {KEYS.proposed: ">"})  # read, then killed

    second = Gate(link, KEYS, db)
    second.consumer = "host:2"
    assert second.prepare(client)  # takes over what the first held
    with closing(sqlite3.connect(db)) as conn:
        assert second.step(client, conn, replay=True) == 2
        assert second.step(client, conn, replay=True) == 0
    assert frontier_urls(client, 0) == [NEW]
    assert client.xlen(KEYS.proposed) == 0
