"""Which archived articles a feed holds (a source's, a search's, the newest) and each one as a
feed entry: the body through the web view's sanitizer, images local when asked.

A selection is a SQL query of ids, newest first through the `published` indexes (no sort of
the table): the feed's update time is one aggregate over it, then its ids are read from a
cursor and each row after them, one at a time, so that a feed holds one entry in memory
however long it is. A search feed takes its matches from newscrawl.archive.search, the
planner of `newscrawl search`, which returns them as a list: those ids, at most the feed's
limit, are held while it is written.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, BinaryIO
from urllib.parse import quote

from newscrawl.archive import has_table, search
from newscrawl.exporters.feed import Entry, FeedInfo, Format, write_feed
from newscrawl.sources.base import Source
from newscrawl.web.display import display_html

Row = dict[str, Any]
SUMMARY_CHARS = 280
# Undated articles come last, each source's through its (source_id, published) index.
_NEWEST = """select a.rowid from articles a where {where}
order by a.published desc, a.rowid desc limit :limit"""
# A search's hits, in the planner's order.
_FOUND = "select value from json_each(:ids) order by key"
# last_change() in SQL: the archive's times are all ISO 8601 UTC, so text order is time order.
_NEWEST_CHANGE = """select max(coalesce(updated, published, first_seen, fetched_at)) from articles
where rowid in ({ids})"""
_BY_ID = "select rowid as id, * from articles where rowid = :id"
_IMAGES = "select url, path from images where article_url = :url and path is not null"
# When the archive last wrote any of them: what an HTTP Last-Modified stands for.
_ARCHIVED_AT = """select max(coalesce(fetched_at, first_seen)) from articles
where rowid in ({ids})"""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Selection:
    """The articles of a feed: those passing `filters` (a source's, since a day...), or those a
    search for `query` finds among them; the newest `limit` of them, newest first."""

    filters: search.Filters = field(default_factory=search.Filters)
    query: str | None = None
    limit: int = 50

    @property
    def source(self) -> str | None:
        return self.filters.source


@dataclass(frozen=True)
class Selected:
    """The selected articles' ids as a query (fixed SQL text of this module and its
    parameters): read lazily, newest first, by `ids`."""

    sql: str
    params: dict[str, Any]

    def ids(self, conn: sqlite3.Connection) -> Iterator[int]:
        """The ids, in order, from a cursor (never all in memory at once)."""
        return (rowid for (rowid,) in conn.execute(self.sql, self.params))

    def aggregate(self, conn: sqlite3.Connection, template: str) -> Any:
        """`template`'s one value, its `{ids}` standing for this selection."""
        return conn.execute(template.replace("{ids}", self.sql), self.params).fetchone()[0]


def select(conn: sqlite3.Connection, selection: Selection) -> Selected:
    """The selected articles, newest first. Raises search.SearchError for a query the index
    cannot run (the search runs here: its hits, at most `selection.limit`, are held)."""
    if selection.query:
        found = search.search(
            conn, selection.query, selection.filters, sort="newest", limit=selection.limit
        )
        return Selected(_FOUND, {"ids": json.dumps([hit.id for hit in found.hits])})
    where, params = selection.filters.where()
    return Selected(_NEWEST.replace("{where}", where), params | {"limit": selection.limit})


def rows(conn: sqlite3.Connection, ids: Iterable[int]) -> Iterator[Row]:
    """The `articles` rows (with `id`) of `ids`, in that order, read one at a time."""
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    for rowid in ids:
        row = cursor.execute(_BY_ID, {"id": rowid}).fetchone()
        if row is not None:
            yield dict(row)


def newest_change(conn: sqlite3.Connection, selected: Selected) -> datetime:
    """The latest `last_change` of these articles: the feed's own update time."""
    return _instant(selected.aggregate(conn, _NEWEST_CHANGE)) or _EPOCH


@dataclass(frozen=True)
class Described:
    """What a feed says of itself (FeedInfo without its update time, which the rows give)."""

    id: str
    title: str
    link: str
    description: str
    self_url: str | None = None


# Where `newscrawl serve` shows the archive by default: the page a feed file stands for.
SERVE_URL = "http://127.0.0.1:8001/"


def describe(selection: Selection, source: Source | None = None) -> Described:
    """What a feed written to a file says of itself (`newscrawl export feed`)."""
    key = ":".join(filter(None, ["feed", selection.source or "all", selection.query]))
    return Described(
        id="urn:newscrawl:" + quote(key, safe=":"),
        title=feed_title(selection, source.name if source else None),
        link=f"https://{source.domains[0]}/" if source else SERVE_URL,
        description="Articles archived by newscrawl",
    )


def write_archive_feed(
    conn: sqlite3.Connection,
    fmt: Format,
    selected: Selected,
    described: Described,
    out: BinaryIO,
    images_base: str | None = None,
) -> int:
    """The `selected` articles as a `fmt` feed on `out`, in their order; returns how many.
    Run in one read transaction (`snapshot`) when the archive may be written meanwhile."""
    info = FeedInfo(
        id=described.id, title=described.title, link=described.link,
        updated=newest_change(conn, selected), description=described.description,
        self_url=described.self_url,
    )  # fmt: skip
    found = rows(conn, selected.ids(conn))
    return write_feed(fmt, info, entries(conn, found, images_base), out)


def archived_at(conn: sqlite3.Connection, selected: Selected) -> datetime:
    """When the archive last wrote any of these articles (fetched, else first seen)."""
    return _instant(selected.aggregate(conn, _ARCHIVED_AT)) or _EPOCH


@contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction, unless one is open: the feed's head, its entries and its
    Last-Modified then see the same archive while a crawl writes (WAL)."""
    if conn.in_transaction:
        yield conn
        return
    conn.execute("begin")
    try:
        yield conn
    finally:
        conn.rollback()  # nothing was written: ending the read is all


def feed_title(selection: Selection, source_name: str | None = None) -> str:
    """What a feed of `selection` is called in a reader."""
    where = f" — {source_name or selection.source}" if selection.source else ""
    if selection.query:
        return f"“{selection.query}”{where} — newscrawl search"
    return f"{(source_name or selection.source) if selection.source else 'Newest'} — newscrawl"


def entry_from_row(row: Row, images: dict[str, str] | None = None) -> Entry:
    """The feed entry of an `articles` row; `images` maps image URLs to local copies."""
    base = row.get("fetched_url") or row["url"]
    lead = row.get("lead_image")
    published = _instant(row.get("published"))
    categories = _json_list(row.get("categories")) + _json_list(row.get("tags"))
    return Entry(
        id=row["url"],
        link=row["url"],
        title=_one_line(row.get("title") or "") or row["url"],
        updated=last_change(row),
        published=published,
        authors=_json_list(row.get("authors")),
        categories=list(dict.fromkeys(categories)),
        summary=summary(row.get("body_text") or ""),
        content_html=display_html(row.get("body_html") or "", base, images),
        image=(images or {}).get(lead, lead) if lead else None,
        language=row.get("language") or None,
    )


def entries(
    conn: sqlite3.Connection, found: Iterable[Row], images_base: str | None = None
) -> Iterator[Entry]:
    """Each row as an entry; with `images_base`, downloaded images point at their copies
    under that URL (`newscrawl serve` serves them at /-/images/)."""
    with_images = bool(images_base) and has_table(conn, "images")
    for row in found:
        local = _local_images(conn, row["url"], images_base) if with_images else None
        yield entry_from_row(row, local)


def _local_images(conn: sqlite3.Connection, url: str, base: str | None) -> dict[str, str]:
    prefix = (base or "").rstrip("/") + "/"
    rows = conn.execute(_IMAGES, {"url": url})
    return {image: prefix + quote(path) for image, path in rows}


def last_change(row: Row) -> datetime:
    """When the article last changed as far as the archive knows: the site's update time, else
    its publication, else its first archiving."""
    for name in ("updated", "published", "first_seen", "fetched_at"):
        moment = _instant(row.get(name))
        if moment is not None:
            return moment
    return _EPOCH


def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The text's first `limit` characters on one line, cut at a space when there is one."""
    text = _one_line(text)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _json_list(value: str | None) -> list[str]:
    found = json.loads(value) if value else []
    return [str(item) for item in found] if isinstance(found, list) else []
