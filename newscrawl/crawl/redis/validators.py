"""The archive as the cluster's authority on entry points. The seed runs where the archive is:
it asks each seeded entry point conditionally, with the validators (ETag, Last-Modified) the
archive keeps from the last crawl. A worker ends a 304 as not modified, and hands the validators
of a 200 to the ingest (an `entry_point` record on the item stream), which keeps them in the
archive's entry_points table for the next seeding."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.http import Response

from newscrawl.archive import archive_path
from newscrawl.archive.schema import open_db
from newscrawl.archive.visits import conditional_headers
from newscrawl.crawl.redis.connection import Link, RedisDownError
from newscrawl.crawl.redis.keys import Keys
from newscrawl.crawl.redis.records import entry_point_record
from newscrawl.crawl.redis.settings import ClusterSettings
from newscrawl.crawl.redis.tickets import TICKET, TRACKERS
from newscrawl.downloadermiddlewares.incremental import NotModified

logger = logging.getLogger(__name__)

_ASKED = (b"If-None-Match", b"If-Modified-Since")


def ask_conditionally(requests: Iterable[Request], data_dir: Path) -> int:
    """Give each entry-point request the archive's validators for its URL; how many got some.
    Nothing without an archive in `data_dir`."""
    path = archive_path(data_dir)
    if not path.exists():
        return 0
    db = open_db(path)
    asked = 0
    try:
        for request in requests:
            if not request.meta.get("newscrawl_entry"):
                continue
            headers = conditional_headers(db.conn, request.url)
            request.headers.update(headers)
            asked += bool(headers)
    finally:
        db.close()
    return asked


class EntryValidatorsMiddleware:
    """Downloader middleware of the workers: a 304 to a conditional entry point ends as
    NotModified (done, nothing to read); a 200's validators go to the ingest."""

    def __init__(self, link: Link, keys: Keys, stats: Any, crawler: Any = None) -> None:
        self.link, self.keys, self.stats, self.crawler = link, keys, stats, crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> EntryValidatorsMiddleware:
        config = ClusterSettings.from_settings(crawler.settings)
        return cls(Link(config.url), Keys(config.prefix), crawler.stats, crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        source_id = request.meta.get("newscrawl_entry")
        if not source_id:
            return response
        if response.status == 304 and any(name in request.headers for name in _ASKED):
            self.stats.inc_value("newscrawl/skipped/not_modified")
            raise NotModified(f"not modified since the last crawl: {request.url}")
        if response.status == 200:
            self.keep(request, str(source_id), response)
        return response

    def keep(self, request: Request, source_id: str, response: Response) -> None:
        etag, modified = (response.headers.get(n) for n in (b"ETag", b"Last-Modified"))
        if not (etag or modified):
            return
        url = request.url
        record = entry_point_record(url, source_id, _text(etag), _text(modified), datetime.now(UTC))
        ticket = request.meta.get(TICKET)
        tracker = TRACKERS.get(self.crawler) if self.crawler is not None else None
        try:
            if ticket is None or tracker is None:
                self.link.call(lambda c: c.xadd(self.keys.items, {"r": record}))
            elif not tracker.queue.hand_on(ticket.stream, ticket.entry_id, record):
                # Its frontier entry was reclaimed by another worker, which keeps them itself.
                self.stats.inc_value("newscrawl/redis/superseded")
        except RedisDownError as error:
            # Only the next seeding's 304 is lost: it reads the entry point in full.
            logger.warning("validators of %s not kept: %s", url, error)


def _text(value: bytes | None) -> str | None:
    return value.decode("latin-1") if value else None
