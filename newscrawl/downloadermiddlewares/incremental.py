"""Incremental crawls: entry points asked conditionally, archived articles not fetched again.

Spiders mark their requests: `newscrawl_entry` (a feed or sitemap, value: the source id) and
`newscrawl_article` (an article page; `newscrawl_listed` is when its feed or sitemap says it
last changed, ISO UTC, if it says). `NEWSCRAWL_REFRESH` turns both middlewares off.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from sqlite_utils import Database

from newscrawl.archive import archive_path_from_settings
from newscrawl.archive.schema import open_db, write_transaction
from newscrawl.archive.visits import fetch_verdict
from newscrawl.extensions.resume import was_resumed

logger = logging.getLogger(__name__)


class NotModified(IgnoreRequest):
    """An entry point answered 304: it lists nothing new since the last complete crawl."""


class AlreadyArchived(IgnoreRequest):
    """An archived article that is neither due for a revisit nor said to have changed."""


class SeenBefore(IgnoreRequest):
    """A page fetched before and not archived (skipped or dropped: see signals.py), neither
    due again nor said to have changed."""


def _archive(crawler: Any) -> Database:
    if crawler.settings.getbool("NEWSCRAWL_REFRESH"):
        raise NotConfigured  # NEWSCRAWL_REFRESH: everything is fetched again
    return open_db(archive_path_from_settings(crawler.settings))


class ConditionalEntryMiddleware:
    """Entry points are sent with the validators (ETag, Last-Modified) of the last crawl that
    finished; a 304 ends as NotModified. A crawl keeps the validators it received only when it
    finishes with no failed request: a killed, interrupted or partly failed one fetches its
    entry points in full next time, and the articles they list that were archived meanwhile
    are skipped one by one."""

    def __init__(self, db: Database, stats: Any, keep: bool = True) -> None:
        self.db, self.stats, self.keep = db, stats, keep
        self.received: dict[str, dict[str, Any]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any) -> ConditionalEntryMiddleware:
        # A resumed crawl may have lost the requests in flight when it was stopped (Scrapy
        # marks them seen): its entry points must be read in full once more next time.
        keep = not was_resumed(crawler.settings.get("JOBDIR"))
        middleware = cls(_archive(crawler), crawler.stats, keep)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        if not request.meta.get("newscrawl_entry"):
            return
        row = self.db.execute(_VALIDATORS, {"url": request.url}).fetchone()
        if row is None:
            return
        etag, last_modified = row
        if etag:
            request.headers.setdefault(b"If-None-Match", etag)
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified)

    def process_response(self, request: Request, response: Response) -> Response:
        source_id = request.meta.get("newscrawl_entry")
        if not source_id:
            return response
        if response.status == 304:
            self.stats.inc_value("newscrawl/skipped/not_modified")
            raise NotModified(f"not modified since the last crawl: {request.url}")
        if response.status == 200:
            self.received[request.url] = {
                "url": request.url,
                "source_id": source_id,
                "etag": _header(response, b"ETag"),
                "last_modified": _header(response, b"Last-Modified"),
                "checked_at": datetime.now(UTC).isoformat(),
                "status": response.status,
            }
        return response

    def spider_closed(self, reason: str) -> None:
        # An article that failed (a timeout, a 503, an exception in the spider) must be asked
        # for again: the next crawl reads the entry points in full, and skips what was archived.
        failed = any(k.startswith(_FAILURES) for k in self.stats.get_stats())
        try:
            if reason == "finished" and self.keep and not failed and self.received:
                with write_transaction(self.db):
                    self.db.table("entry_points").upsert_all(self.received.values(), pk="url")
        finally:
            self.db.close()


class ArchivedArticleMiddleware:
    """An article page already archived is not fetched again unless its revisit is due (the
    `visits` table) or its feed or sitemap says it changed after the last fetch; nor is a page
    fetched before and not archived (a tag or video page, an empty one) until it is due."""

    def __init__(self, db: Database, stats: Any) -> None:
        self.db, self.stats = db, stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> ArchivedArticleMiddleware:
        middleware = cls(_archive(crawler), crawler.stats)
        crawler.signals.connect(middleware.db.close, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> None:
        if not request.meta.get("newscrawl_article"):
            return
        listed = request.meta.get("newscrawl_listed")
        verdict = fetch_verdict(self.db.conn, request.url, listed, datetime.now(UTC))
        if verdict in ("listed_changed", "revisit"):
            self.stats.inc_value(f"newscrawl/refetched/{verdict}")
        elif verdict == "seen_before":
            raise SeenBefore(f"fetched before and not archived, not due again: {request.url}")
        elif verdict == "archived":
            raise AlreadyArchived(f"archived, not due again: {request.url}")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


_FAILURES = ("newscrawl/failed/", "newscrawl/entry_failed", "spider_exceptions/")
_VALIDATORS = "select etag, last_modified from entry_points where url = :url"
