"""Posts re-rendered from archive rows, with the crawl's own render functions (same bytes)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from newscrawl import sources
from newscrawl.exporters.posts import write_post
from newscrawl.items import Article
from newscrawl.render.names import post_relpath
from newscrawl.render.post import render_post

Row = dict[str, Any]


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def article_from_row(row: Row) -> Article:
    """The Article an `articles` row was made from (the fields a post is rendered from)."""
    return Article(
        url=row["fetched_url"] or row["url"],
        canonical_url=row["url"],
        source_id=row["source_id"],
        title=row["title"] or "",
        body_html=row["body_html"] or "",
        body_text=row["body_text"] or "",
        authors=json.loads(row["authors"] or "[]"),
        published=_when(row["published"]),
        updated=_when(row["updated"]),
        language=row["language"],
        tags=json.loads(row["tags"] or "[]"),
        categories=json.loads(row["categories"] or "[]"),
        publisher=row["publisher"] or "",
        lead_image=row["lead_image"],
        extra=json.loads(row["extra"] or "{}"),
        fetched_at=_when(row["fetched_at"]),
    )


def render_row(row: Row) -> str:
    """The post text the crawl wrote for this row: a date-less article is dated by its first
    archiving, as the export pipeline does."""
    article = article_from_row(row)
    if article.published is None:
        article = dataclasses.replace(article, published=_when(row["first_seen"]))
    return render_post(article, sources.default_image(article.source_id))


def export_posts(rows: Iterable[Row], root: Path) -> Iterator[tuple[str, bool]]:
    """Write each row's post under `root` at the path the crawl used; yields (path, written).

    A row without a stored path (archived without posts) gets the crawl's name rule; only
    those names are remembered, to give a clashing one its hash suffix.
    """
    named: set[str] = set()
    for row in rows:
        relpath = row["post_path"]
        if not relpath:
            relpath = post_relpath(article_from_row(row), named.__contains__)
            named.add(relpath)
        yield relpath, write_post(root, relpath, render_row(row))
