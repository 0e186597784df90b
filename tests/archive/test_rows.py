"""The archive's row builders (rows.py), pure: articles, revisions, responses, images."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from helpers import FETCHED, article

from newscrawl.archive.rows import (
    article_row,
    content_hash,
    exchange_rows,
    image_rows,
    iso,
    merge_image_rows,
    revision_row,
)
from newscrawl.items import ImageResult, KeptResponse

BEIJING = timezone(timedelta(hours=8))


def test_article_row_columns() -> None:
    extra = {"editor": "Ed", "origin_url": "https://origin.example/x", "origin_name": "Origin"}
    item = article(
        url="https://news.example/1.htm?utm=x",
        canonical_url="https://news.example/1.htm",
        published=datetime(2024, 5, 1, 10, 0, tzinfo=BEIJING),
        authors=["张三", "Li"],
        tags=["显卡"],
        extra=extra | {"more": "yes"},
    )
    row = article_row(item, "posts/News.md")
    assert (row["url"], row["fetched_url"]) == (item.canonical_url, item.url)
    assert row["published"] == "2024-05-01T02:00:00+00:00"
    assert row["fetched_at"] == FETCHED.isoformat()
    assert row["authors"] == '["张三", "Li"]'
    assert row["tags"] == '["显卡"]'
    assert (row["editor"], row["origin_url"], row["origin_name"]) == tuple(extra.values())
    assert row["extra"].startswith('{"editor": "Ed"')
    assert row["content_hash"] == content_hash(item)
    assert (row["post_path"], row["post_key"]) == ("posts/News.md", "posts/news.md")
    assert "first_seen" not in row  # the archive decides it


def test_article_row_without_a_post() -> None:
    row = article_row(article(), None)
    assert (row["post_path"], row["post_key"]) == (None, None)


def test_content_hash_is_of_title_and_body_html_only() -> None:
    item = article(title="T", body_html="<p>B</p>")
    assert content_hash(item) == hashlib.sha256(b"T<p>B</p>").hexdigest()
    assert content_hash(article(title="T", body_html="<p>B</p>", body_text="other")) == (
        content_hash(item)
    )
    assert content_hash(article(title="T2", body_html="<p>B</p>")) != content_hash(item)


@pytest.mark.parametrize(
    ("moment", "stored"),
    [
        (None, None),
        (datetime(2024, 5, 1, 10, tzinfo=BEIJING), "2024-05-01T02:00:00+00:00"),
        (datetime(2024, 5, 1, 2, tzinfo=UTC), "2024-05-01T02:00:00+00:00"),
    ],
)
def test_iso_stores_utc(moment: datetime | None, stored: str | None) -> None:
    assert iso(moment) == stored


def test_a_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        article_row(article(published=datetime(2024, 5, 1)), None)


def test_revision_row_keeps_the_old_version() -> None:
    old = article_row(article(title="Old"), None)
    row = revision_row(old["url"], old, "2024-07-01T00:00:00+00:00")
    assert row == {
        "article_url": old["url"],
        "revised_at": "2024-07-01T00:00:00+00:00",
        "title": "Old",
        "body_hash": old["content_hash"],
        "body_html": old["body_html"],
        "archived_at": FETCHED.isoformat(),
    }


def test_exchange_rows_are_the_redirects_then_the_response() -> None:
    hop = KeptResponse("http://news.example/1", 301, [], [("Location", "/1.htm")], b"", FETCHED)
    response = KeptResponse(
        "https://news.example/1.htm",
        200,
        [("Accept", "text/html")],
        [("Content-Type", "text/html")],
        b"<html>page</html>",
        FETCHED + timedelta(seconds=1),
        redirects=[hop],
    )
    rows = exchange_rows("https://news.example/1.htm", response)
    assert [(r["url"], r["status"]) for r in rows] == [(hop.url, 301), (response.url, 200)]
    assert {r["article_url"] for r in rows} == {"https://news.example/1.htm"}
    last = rows[1]
    assert last["fetched_at"] == "2024-06-01T00:00:01+00:00"
    assert json.loads(last["request_headers"]) == [["Accept", "text/html"]]
    assert last["body"] == b"<html>page</html>"  # compressed by the writer, not here
    assert last["body_sha1"] == hashlib.sha1(b"<html>page</html>").hexdigest()
    assert last["body_length"] == len(b"<html>page</html>")


def image(url: str, status: str, path: str | None = None, **more: Any) -> ImageResult:
    return ImageResult(f"https://i.example/{url}", status, path, **more)


def test_image_rows_keep_the_order_of_the_results() -> None:
    item = article(image_results=[image("b.jpg", "downloaded", "full/b.jpg"), image("a", "failed")])
    rows = image_rows(item)
    assert [(r["position"], r["url"], r["status"]) for r in rows] == [
        (0, "https://i.example/b.jpg", "downloaded"),
        (1, "https://i.example/a", "failed"),
    ]
    assert {r["article_url"] for r in rows} == {item.key}


def rows_of(*results: ImageResult) -> list[dict[str, Any]]:
    return image_rows(article(image_results=list(results)))


STORED = rows_of(image("1.jpg", "downloaded", "full/1.jpg"), image("2.jpg", "failed"))


@pytest.mark.parametrize(
    ("fresh", "kept"),
    [
        # a failure does not replace a stored file; its position follows the new version
        ([image("new.jpg", "downloaded", "n"), image("1.jpg", "failed")], [False, True]),
        # "uptodate" of the same file keeps the "downloaded" row
        ([image("1.jpg", "uptodate", "full/1.jpg")], [True]),
        ([image("1.jpg", "cached", "full/1.jpg")], [True]),
        # a new file, or a download of what failed before, is news
        ([image("1.jpg", "downloaded", "full/1b.jpg")], [False]),
        ([image("1.jpg", "uptodate", "full/other.jpg")], [False]),
        ([image("2.jpg", "downloaded", "full/2.jpg")], [False]),
        ([image("2.jpg", "failed")], [False]),
    ],
)
def test_merge_image_rows(fresh: list[ImageResult], kept: list[bool]) -> None:
    new = rows_of(*fresh)
    merged = merge_image_rows(STORED, new)
    expected = [
        STORED[0] | {"position": row["position"]} if keep else row
        for row, keep in zip(new, kept, strict=True)
    ]
    assert merged == expected
