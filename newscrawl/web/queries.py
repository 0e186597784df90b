"""Canned queries over the archive; each is offered only when the tables it reads exist."""

from __future__ import annotations

from typing import Any

from newscrawl.web.fulltext import FullTextIndex

Query = dict[str, Any]

# Canned query parameters arrive as text, '' when the form field is empty.
LATEST_PER_SOURCE: Query = {
    "title": "Latest articles per source",
    "description": "The newest articles of every source (10 each unless per_source says).",
    # One index lookup per source rather than a window over the whole table.
    "sql": """with sources as (select distinct source_id from articles)
select a.source_id, a.published, a.title, a.url
from sources s join articles a on a.rowid in (
  select rowid from articles
  where source_id = s.source_id
  order by published desc
  limit coalesce(cast(nullif(:per_source, '') as integer), 10)
)
order by a.source_id, a.published desc""",
}

FAILED_IMAGES: Query = {
    "title": "Articles with failed images",
    "description": "Body images that could not be downloaded, newest article first.",
    "sql": """select a.published, a.title, i.url as image_url, i.error, a.url
from images i join articles a on a.url = i.article_url
where i.status = 'failed'
order by a.published desc, i.position""",
}

# The revisions table is the archive's (issue 6: article_url, revised_at, title, body_hash,
# body_html: an edited article's previous version). The query is offered once the table exists
# and adapts to its columns, so an archive from before or after that migration is served.
_REVISIONS_SQL = """select {current}r.*
from revisions r{join}
where {where}
order by {order}
limit 200"""


def static_queries(tables: set[str], index: FullTextIndex | None) -> dict[str, Query]:
    """The canned queries whose tables are in `tables`, by name."""
    queries: dict[str, Query] = {}
    if "articles" in tables:
        queries["latest_per_source"] = LATEST_PER_SOURCE
    if "articles" in tables and index is not None:
        queries["search"] = search_query(index)
    if {"articles", "images"} <= tables:
        queries["failed_images"] = FAILED_IMAGES
    return queries


def search_query(index: FullTextIndex) -> Query:
    """Full-text search with filters, over the archive's index."""
    return {
        "title": "Search articles",
        "description": (
            "Titles and bodies, best match first; the other fields, when filled in, "
            "narrow the matches (dates: the published one, else the first archiving). "
            + " ".join(filter(None, [index.note, index.search_note]))
        ),
        "sql": index.search_sql,
    }


def revisions_query(columns: list[str] | None) -> Query | None:
    """The revisions query for a `revisions` table with these columns; None without one."""
    if columns is None:
        return None
    by_article = "article_url" in columns
    sql = _REVISIONS_SQL.format(
        current="a.title as current_title, " if by_article else "",
        join=" left join articles a on a.url = r.article_url" if by_article else "",
        where="(:url = '' or r.article_url = :url)" if by_article else "1",
        order="r.revised_at desc, r.rowid desc" if "revised_at" in columns else "r.rowid desc",
    )
    return {
        "title": "Revisions",
        "description": (
            "Earlier versions of edited articles, newest first (200 at most)"
            + ("; url: only this article's (its canonical URL)." if by_article else ".")
        ),
        "sql": sql,
    }
