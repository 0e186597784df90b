"""The `visits` rows a fetch leaves: which URL was fetched when, for which article (if any),
and when it is due again. Built here, free of Scrapy, for the pipeline and for anything else
that writes through the Archive (the archive benchmark)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from newscrawl import sources
from newscrawl.archive.revisits import DEFAULT_SCHEDULE, PASSED_OVER, Schedule, next_visit
from newscrawl.items import Article


def revisit_schedule(source_id: str) -> Schedule:
    try:
        return sources.get(source_id).revisit
    except KeyError:
        return DEFAULT_SCHEDULE


def visit_rows(article: Article, first_seen: datetime | None) -> list[dict[str, Any]]:
    """The `visits` rows of a fetch of `article` (its URL and those that redirected to it):
    when it is due again (None: never)."""
    fetched = article.fetched_at or datetime.now(UTC)
    first = first_seen or fetched
    due = next_visit(first, fetched, revisit_schedule(article.source_id))
    row = {
        "article_url": article.key,
        "source_id": article.source_id,
        "first_seen": first.astimezone(UTC).isoformat(),
        "last_visit": fetched.astimezone(UTC).isoformat(),
        "next_visit": due.astimezone(UTC).isoformat() if due else None,
    }
    urls = dict.fromkeys([article.url, *article.requested_urls])
    return [{"url": url} | row for url in urls]


def passed_over_rows(
    urls: list[str], source_id: str, outcome: str, at: datetime | None = None
) -> list[dict[str, Any]]:
    """The `visits` rows of a page fetched at `at` and not archived (`outcome`: skipped or
    dropped, see signals.py): no article, due again after revisits.PASSED_OVER."""
    at = (at or datetime.now(UTC)).astimezone(UTC)
    row = {
        "article_url": None,
        "source_id": source_id,
        "first_seen": at.isoformat(),
        "last_visit": at.isoformat(),
        "next_visit": (at + PASSED_OVER[outcome]).isoformat(),
    }
    return [{"url": url} | row for url in dict.fromkeys(urls)]


# Why an article page is fetched again ("new", "listed_changed", "revisit") or not yet
# ("archived", "seen_before"): the one rule of incremental crawls, asked by the single-process
# crawl's ArchivedArticleMiddleware and by the cluster's gate in the ingest.
FETCH = frozenset({"new", "listed_changed", "revisit"})
_VISIT = "select last_visit, next_visit, article_url from visits where url = ?"


def fetch_verdict(
    conn: sqlite3.Connection, url: str, listed: str | datetime | None, now: datetime
) -> str:
    """`listed`: when the page's feed or sitemap says it last changed, if it says."""
    row = conn.execute(_VISIT, (url,)).fetchone()
    if row is None:
        return "new"
    last_visit, due, article_url = row
    if listed and (last_visit is None or _utc(listed) > _utc(last_visit)):
        return "listed_changed"
    if due and _utc(due) <= now:
        return "revisit"
    return "seen_before" if article_url is None else "archived"


def _utc(moment: str | datetime) -> datetime:
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_VALIDATORS = "select etag, last_modified from entry_points where url = ?"


def conditional_headers(conn: sqlite3.Connection, url: str) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the ETag / Last-Modified the archive keeps for the
    entry point `url`: those it has (none: asked in full)."""
    row = conn.execute(_VALIDATORS, (url,)).fetchone() or (None, None)
    names = ("If-None-Match", "If-Modified-Since")
    return {name: value for name, value in zip(names, row, strict=True) if value}
