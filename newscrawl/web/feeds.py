"""The archive's feeds over HTTP: /feeds/<source>.atom (or .rss, .json), /feeds/all.atom and
/feeds/search.atom?q=...&source=...; read-only, with ETag and Last-Modified, 304 when unchanged.

A route of newscrawl's own Datasette plugin rather than a feed plugin (datasette-atom renders
the rows of a SQL query that names its own columns): a feed here is the archive's selection
(the `newscrawl search` planner for a search), its bodies through the web view's sanitizer and
its images served by the same server; exporters/ writes the same documents for `newscrawl
export feed`.
"""

from __future__ import annotations

import hashlib
import io
import sqlite3
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any, cast
from urllib.parse import urlencode

from datasette.utils.asgi import Response

from newscrawl import sources
from newscrawl.archive.search import Filters, SearchError, parse_moment
from newscrawl.exporters.feed import MEDIA_TYPES, Format
from newscrawl.exporters.feed_entries import (
    Described,
    Selection,
    archived_at,
    feed_title,
    select,
    snapshot,
    write_archive_feed,
)
from newscrawl.web.metadata import PLUGIN

ROUTE = r"^/feeds/(?P<name>[^/]+?)\.(?P<fmt>atom|rss|json)$"
ALL, SEARCH = "all", "search"
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
_HAS_SOURCE = "select 1 from articles where source_id = :source limit 1"


class FeedRequestError(ValueError):
    """A feed request that cannot be answered: the reason, and its HTTP status."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


async def feed(datasette: Any, request: Any) -> Response:
    """The feed the URL names, or 304 when the client's copy is current."""
    if request.method not in ("GET", "HEAD"):
        return Response.text("feeds are read-only\n", status=405, headers={"allow": "GET"})
    database = archive_database(datasette)
    if database is None:
        return Response.text("no archive is served\n", status=404)
    fmt = cast(Format, request.url_vars["fmt"])
    try:
        selection = selection_of(request.url_vars["name"], request.args)
        body, modified = await datasette.get_database(database).execute_fn(
            lambda conn: _render(conn, fmt, selection, _described(datasette, request, selection),
                                 _images_base(datasette, request, database)),
        )  # fmt: skip
    except FeedRequestError as error:
        return Response.text(f"{error}\n", status=error.status)
    headers = {
        "etag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "last-modified": format_datetime(modified, usegmt=True),
        "cache-control": "no-cache",  # may be kept, but asked again (a 304 when unchanged)
    }
    if not_modified(request.headers, headers["etag"], modified):
        return Response(b"", status=304, headers=headers)
    return Response(body, headers=headers, content_type=MEDIA_TYPES[fmt])


def archive_database(datasette: Any) -> str | None:
    """The served database that is newscrawl's archive."""
    return next((n for n in datasette.databases if datasette.plugin_config(PLUGIN, n)), None)


def selection_of(name: str, args: Any) -> Selection:
    """The articles a feed URL asks for; FeedRequestError for parameters that are not usable."""
    query = (args.get("q") or "").strip() or None
    if name == SEARCH and not query:
        raise FeedRequestError("a search feed needs q=WORDS")
    try:
        limit = int(args.get("limit") or DEFAULT_LIMIT)
        since = parse_moment(args["since"]) if args.get("since") else None
    except ValueError as error:
        raise FeedRequestError(f"bad parameter: {error}") from None
    if not 1 <= limit <= MAX_LIMIT:
        raise FeedRequestError(f"limit must be between 1 and {MAX_LIMIT}")
    source = args.get("source") or None if name in (ALL, SEARCH) else name
    return Selection(Filters(source=source, since=since), query if name == SEARCH else None, limit)


def not_modified(headers: dict[str, str], etag: str, modified: datetime) -> bool:
    """Whether a conditional GET's validators match (RFC 9110 13.1: If-None-Match, when given,
    decides alone; the comparison is weak)."""
    if "if-none-match" in headers:
        tags = [tag.strip().removeprefix("W/") for tag in headers["if-none-match"].split(",")]
        return "*" in tags or etag in tags
    since = headers.get("if-modified-since")
    if not since:
        return False
    try:
        client = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return client.tzinfo is not None and modified.replace(microsecond=0) <= client


def _render(
    conn: sqlite3.Connection,
    fmt: Format,
    selection: Selection,
    described: Described,
    images_base: str | None,
) -> tuple[bytes, datetime]:
    if selection.source and not conn.execute(_HAS_SOURCE, {"source": selection.source}).fetchone():
        raise FeedRequestError(f"no articles of source {selection.source!r}", status=404)
    # The whole document is rendered before it is sent: its ETag is its digest (MAX_LIMIT
    # entries at most).
    out = io.BytesIO()
    with snapshot(conn):
        try:
            selected = select(conn, selection)
        except SearchError as error:
            raise FeedRequestError(str(error)) from None
        write_archive_feed(conn, fmt, selected, described, out, images_base)
        return out.getvalue(), archived_at(conn, selected)


def _described(datasette: Any, request: Any, selection: Selection) -> Described:
    self_url = datasette.absolute_url(request, request.full_path)
    page = "/source/" + selection.source if selection.source and not selection.query else "/"
    if selection.query:
        page += "?" + urlencode({"q": selection.query, "source": selection.source or ""})
    name = _source_name(selection.source)
    return Described(
        id=self_url,
        title=feed_title(selection, name),
        link=datasette.absolute_url(request, datasette.urls.path(page)),
        description=f"Articles archived by newscrawl: {feed_title(selection, name)}",
        self_url=self_url,
    )


def _source_name(source_id: str | None) -> str | None:
    if not source_id:
        return None
    try:
        return sources.get(source_id).name
    except KeyError:
        return None


def _images_base(datasette: Any, request: Any, database: str) -> str | None:
    mount = (datasette.plugin_config(PLUGIN, database=database) or {}).get("images_mount")
    return datasette.absolute_url(request, datasette.urls.path(mount)) if mount else None
