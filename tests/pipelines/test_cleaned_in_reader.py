"""Normalize and sanitize run in the page's reader (crawl/reading.py); the pipelines then only
report what was found, and still clean an article no reader cleaned."""

from __future__ import annotations

import logging
import pickle
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newscrawl import sources
from newscrawl.clean.article import cleaned_already
from newscrawl.crawl.reading import read_page
from newscrawl.items import Article
from newscrawl.pipelines.normalize import NormalizePipeline
from newscrawl.pipelines.sanitize import SanitizePipeline

PAGE = Path(__file__).parents[1] / "sources" / "mydrivers" / "bat-chips.html"
URL = "https://news.mydrivers.com/1/1000/1000000.htm"
HAZARD = b'<img src="x.jpg" onerror="alert(1)"><script>alert(2)</script>'


class _Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str) -> None:
        self.values[key] = self.values.get(key, 0) + 1


def _hazardous_page() -> bytes:
    page = PAGE.read_bytes()
    marker = page.index(b"</p>") + len(b"</p>")  # inside the article's body
    return page[:marker] + HAZARD + page[marker:]


def _through_pipelines(article: Article, stats: _Stats) -> Article:
    normalized: Article = NormalizePipeline().process_item(article)
    cleaned: Article = SanitizePipeline(stats).process_item(normalized)
    return cleaned


def test_a_read_page_is_cleaned_once_and_its_findings_reported(
    caplog: pytest.LogCaptureFixture,
) -> None:
    source = sources.get("mydrivers")
    # As a worker process returns it: pickled.
    read = pickle.loads(pickle.dumps(read_page(_hazardous_page(), URL, "text/html", source, None)))
    assert read.skip is None
    found = cleaned_already(read.article)
    assert found, "the reader sanitized the body and kept what it found"
    assert "onerror" not in read.article.body_html
    assert "<script" not in read.article.body_html
    body, title = read.article.body_html, read.article.title
    stats = _Stats()
    with caplog.at_level(logging.WARNING, logger="newscrawl.pipelines.sanitize"):
        item = _through_pipelines(read.article, stats)
    assert (item.body_html, item.title) == (body, title)
    assert stats.values == {"newscrawl/sanitized": 1}
    assert f"sanitized {URL}: rebuilt for {found[0]}" in caplog.text


def test_an_article_no_reader_cleaned_is_cleaned_by_the_pipelines() -> None:
    published = datetime(2026, 5, 1, 12, tzinfo=timezone(timedelta(hours=8)))
    article = Article(url=URL, source_id="mydrivers", title="  a \n title ",
                      body_html="<p>a</p>" + HAZARD.decode(), published=published)  # fmt: skip
    assert cleaned_already(article) is None
    stats = _Stats()
    item = _through_pipelines(article, stats)
    assert item.title == "a title"
    assert item.published == datetime(2026, 5, 1, 4, tzinfo=UTC)
    assert item.published.tzinfo is UTC
    assert "onerror" not in item.body_html
    assert "<script" not in item.body_html
    assert stats.values == {"newscrawl/sanitized": 1}
