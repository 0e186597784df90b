"""Normalize an article: clean single-line title within bounds, clean lists, dates in UTC."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from newscrawl.extract.text import clean_text, unique_texts
from newscrawl.items import Article

logger = logging.getLogger(__name__)

# A headline longer than this is page text caught by a selector, not a title; it is cut at a
# character boundary with an ellipsis (the full text stays in the body).
MAX_TITLE = 300


def normalize(article: Article) -> Article:
    """Pure: the same article with whitespace, lists and dates made uniform."""
    title = clean_text(article.title)
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rstrip() + "…"
    article.title = title
    article.authors = unique_texts(article.authors)
    article.tags = unique_texts(article.tags)
    article.published = _utc(article.published)
    article.updated = _utc(article.updated)
    article.fetched_at = _utc(article.fetched_at)
    return article


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:  # extraction always attaches a zone; a naive one is a bug upstream
        raise ValueError(f"naive datetime {value!r} reached the pipeline")
    return value.astimezone(UTC)
