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

# The revisions table is another component's (previous versions of edited articles); its
# columns are not settled, so the query shows them all, newest first, with the current title.
REVISIONS_BY_ARTICLE_URL: Query = {
    "title": "Revisions",
    "description": "Earlier versions of edited articles, newest first.",
    "sql": """select a.title as current_title, r.*
from revisions r left join articles a on a.url = r.article_url
order by r.rowid desc
limit 200""",
}
REVISIONS: Query = {
    "title": "Revisions",
    "description": "Earlier versions of edited articles, newest first.",
    "sql": "select * from revisions order by rowid desc limit 200",
}


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
            "Titles and bodies, best match first, optionally filtered by source and "
            "publication date (since/until: 2024-05-01 or a full ISO 8601 time, UTC). "
            + " ".join(filter(None, [index.note, index.search_note]))
        ),
        "sql": index.search_sql,
    }


def revisions_query(columns: list[str] | None) -> Query | None:
    """The revisions query for a `revisions` table with these columns; None without one."""
    if columns is None:
        return None
    return REVISIONS_BY_ARTICLE_URL if "article_url" in columns else REVISIONS
