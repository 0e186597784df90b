"""The reader's lists of articles: the newest (all, a source's, a tag's) and search results,
a page at a time, each article as a card (title, source, date, lead image, snippet).

Runs on a connection of the served archive (read-only). Search is newscrawl.archive.search's,
the planner of `newscrawl search`; the newest come through the `published` indexes.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, replace
from typing import Any

from newscrawl.archive import has_table, search
from newscrawl.archive.tags import has_tag_index
from newscrawl.exporters.feed_entries import summary

PAGE_SIZE = 20
MAX_PAGE = 500  # deeper pages cost a scan of every row before them: search instead
SNIPPET_CHARS = 200
_CARD_COLUMNS = """a.rowid as id, a.url, a.title, a.source_id, a.published, a.first_seen,
  a.lead_image, a.tags, substr(a.body_text, 1, 600) as text"""
_NEWEST = f"""select {_CARD_COLUMNS} from articles a where {{where}}
order by a.published desc, a.rowid desc limit :limit offset :offset"""
# A tag's articles from the tag index (archive/tags.py), newest first by its keys; the join
# order is fixed (cross join) so that SQLite never walks `articles` to test each row's tags.
_TAGGED = f"""select {_CARD_COLUMNS} from article_tags t cross join articles a on a.url = t.url
where t.tag = lower(:tag) and {{where}}
order by t.published desc, a.rowid desc limit :limit offset :offset"""
_BY_IDS = f"""select {_CARD_COLUMNS} from articles a
where a.rowid in (select value from json_each(:ids))"""
_LEAD_COPY = """select path from images
where article_url = :url and url = :image and path is not null limit 1"""
# Each source found by one lookup in the (source_id, published) index, from the previous one
# on: a distinct over the table would read every entry of the index.
_SOURCES = """with recursive found(source) as (
  select min(source_id) from articles
  union all
  select (select min(source_id) from articles where source_id > found.source) from found
  where found.source is not null
) select source from found where source is not null"""
_MARKED = re.compile(r"\[([^\[\]]*)\]")


@dataclass(frozen=True)
class Card:
    """One article in a list."""

    url: str
    title: str
    source_id: str
    date: str  # "2024-05-01 08:00" UTC: published, else first archived
    image_path: str | None  # the lead image's archived copy, relative to images/
    snippet: list[tuple[str, bool]]  # text runs, True for a matched term
    tags: list[str]


@dataclass(frozen=True)
class Page:
    cards: list[Card]
    number: int
    more: bool
    error: str | None = None


def newest(conn: sqlite3.Connection, filters: search.Filters, number: int) -> Page:
    """Page `number` (from 1) of the newest articles passing `filters`; those of a tag through
    the tag index when the archive has it."""
    if filters.tag is not None and has_tag_index(conn):
        where, params = replace(filters, tag=None).where()
        sql, params = _TAGGED.replace("{where}", where), params | {"tag": filters.tag}
    else:
        where, params = filters.where()
        sql = _NEWEST.replace("{where}", where)
    params |= {"limit": PAGE_SIZE + 1, "offset": (number - 1) * PAGE_SIZE}
    rows = _dicts(conn, sql, params)
    return Page(_cards(conn, rows[:PAGE_SIZE]), number, len(rows) > PAGE_SIZE)


def found(conn: sqlite3.Connection, query: str, filters: search.Filters, number: int) -> Page:
    """Page `number` of the articles matching `query` and `filters`, best first: what
    `newscrawl search` lists. A query the index cannot run gives an empty page and why."""
    try:
        hits = search.search(conn, query, filters, limit=number * PAGE_SIZE + 1).hits
    except search.SearchError as error:
        return Page([], number, more=False, error=str(error))
    shown = hits[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    by_id = {
        row["id"]: row for row in _dicts(conn, _BY_IDS, {"ids": json.dumps([h.id for h in shown])})
    }
    rows = [by_id[hit.id] | {"snippet": hit.snippet} for hit in shown if hit.id in by_id]
    return Page(_cards(conn, rows), number, len(hits) > number * PAGE_SIZE)


def archived_sources(conn: sqlite3.Connection) -> list[str]:
    """The source ids the archive holds articles of."""
    return [source for (source,) in conn.execute(_SOURCES)]


def _cards(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> list[Card]:
    images = has_table(conn, "images")
    return [
        Card(
            url=row["url"],
            title=row["title"] or row["url"],
            source_id=row["source_id"],
            date=(row["published"] or row["first_seen"] or "")[:16].replace("T", " "),
            image_path=_lead_copy(conn, row) if images else None,
            snippet=marked(row["snippet"]) if "snippet" in row else _plain(row["text"]),
            tags=_tags(row["tags"]),
        )
        for row in rows
    ]


def _lead_copy(conn: sqlite3.Connection, row: dict[str, Any]) -> str | None:
    if not row["lead_image"]:
        return None
    found = conn.execute(_LEAD_COPY, {"url": row["url"], "image": row["lead_image"]}).fetchone()
    return str(found[0]) if found else None


def marked(snippet: str) -> list[tuple[str, bool]]:
    """A search snippet's text runs, True for the [bracketed] matched terms."""
    runs, last = [], 0
    for match in _MARKED.finditer(snippet):
        runs += [(snippet[last : match.start()], False), (match[1], True)]
        last = match.end()
    runs.append((snippet[last:], False))
    return [(text, hit) for text, hit in runs if text]


def _tags(value: str | None) -> list[str]:
    try:
        found = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(tag) for tag in found if tag] if isinstance(found, list) else []


def _plain(text: str | None) -> list[tuple[str, bool]]:
    shown = summary(text or "", SNIPPET_CHARS)
    return [(shown, False)] if shown else []


def _dicts(conn: sqlite3.Connection, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    return [dict(row) for row in cursor.execute(sql, params)]
