"""robots.txt kept in the archive and reused for a day, so a scheduled crawl of an unchanged
source costs one request per entry point, not one more per host."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from sqlite_utils import Database

from newscrawl.archive import archive_path_from_settings
from newscrawl.archive.schema import open_db, write_transaction

logger = logging.getLogger(__name__)

# RFC 9309 section 2.4: a crawler should not use a cached robots.txt for more than 24 hours.
MAX_AGE = timedelta(hours=24)


def max_age(settings: Any) -> timedelta:
    """How long a robots.txt answer is reused: NEWSCRAWL_ROBOTS_MAX_AGE, at most MAX_AGE."""
    return min(timedelta(seconds=settings.getfloat("NEWSCRAWL_ROBOTS_MAX_AGE", 86400.0)), MAX_AGE)


def is_kept(status: int) -> bool:
    """Whether an answer of `status` is reused: rules (2xx) and "no rules" (4xx), not errors."""
    return 200 <= status < 300 or 400 <= status < 500


def is_robots_request(request: Request) -> bool:
    # Scrapy's RobotsTxtMiddleware asks for it with dont_obey_robotstxt set.
    return bool(request.meta.get("dont_obey_robotstxt")) and request.url.endswith("/robots.txt")


class RobotsTxtCacheMiddleware:
    """Answers Scrapy's robots.txt request from the `robots_txt` table while it is younger than
    NEWSCRAWL_ROBOTS_MAX_AGE seconds; stores what the site answered (2xx and 4xx) otherwise."""

    def __init__(self, db: Database, max_age: timedelta, stats: Any) -> None:
        self.db, self.max_age, self.stats = db, max_age, stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> RobotsTxtCacheMiddleware:
        settings = crawler.settings
        if not settings.getbool("ROBOTSTXT_OBEY") or settings.getbool("NEWSCRAWL_REFRESH"):
            raise NotConfigured
        db = open_db(archive_path_from_settings(settings))
        middleware = cls(db, max_age(settings), crawler.stats)
        crawler.signals.connect(db.close, signal=signals.spider_closed)
        return middleware

    def process_request(self, request: Request) -> Response | None:
        if not is_robots_request(request):
            return None
        row = self.db.execute(_CACHED, {"url": request.url}).fetchone()
        if row is None:
            return None
        status, body, fetched_at = row
        if datetime.now(UTC) - datetime.fromisoformat(fetched_at) > self.max_age:
            return None
        self.stats.inc_value("newscrawl/robots_txt_cached")
        return Response(
            request.url, status=status, body=body or b"", request=request, flags=["cached"]
        )

    def process_response(self, request: Request, response: Response) -> Response:
        if not is_robots_request(request) or "cached" in response.flags:
            return response
        if is_kept(response.status):
            row = {"url": request.url, "status": response.status, "body": response.body}
            row["fetched_at"] = datetime.now(UTC).isoformat()
            with write_transaction(self.db):
                self.db.table("robots_txt").upsert(row, pk="url")
        return response


_CACHED = "select status, body, fetched_at from robots_txt where url = :url"
