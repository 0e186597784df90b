"""Posts rendered on the cluster's workers: the item record carries the post text, the ingest
writes it under the path it decides, byte for byte what the single-process crawl writes; a
record without one (from an older worker) is rendered at the ingest; a date-less article the
archive dates otherwise is rendered again. Real SQLite archives and post files."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from helpers import article

from newscrawl.archive.store import Archive
from newscrawl.crawl.redis.records import BadRecordError, article_record, read_record
from newscrawl.exporters.archiving import export, post_text
from newscrawl.items import Article

news = partial(
    article,
    source_id="mydrivers",
    body_html='<p>正文 {braces}<img src="https://img.example/a.jpg"></p>',
    body_text="正文",
    categories=["新媒体", "快科技（原驱动之家）", "最新新闻"],
    publisher="快科技（原驱动之家）",
    published=datetime(2021, 7, 18, 18, 56, 44, tzinfo=UTC),
    fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
)


def through_the_stream(item: Article) -> tuple[Article, str | None]:
    kind, value = read_record(article_record(item).encode())
    assert kind == "article"
    return value  # type: ignore[no-any-return]


def single_process_post(tmp: Path, items: list[Article]) -> bytes:
    """The last item's post as `newscrawl crawl` writes it (rendered where it is written)."""
    posts = tmp / "single" / "posts"
    with Archive(tmp / "single" / "a.db") as archive:
        for item in items:
            export(item, archive, posts)
        path = archive.post_path(items[-1].key)
    return (posts / str(path)).read_bytes()


def ingested_post(tmp: Path, records: list[tuple[Article, str | None]]) -> bytes:
    posts = tmp / "ingest" / "posts"
    with Archive(tmp / "ingest" / "a.db") as archive:
        for item, rendered in records:
            export(item, archive, posts, None, rendered)
        path = archive.post_path(records[-1][0].key)
    return (posts / str(path)).read_bytes()


def test_the_worker_renders_the_post_the_single_process_crawl_writes(tmp_path: Path) -> None:
    item = news(1, title="显卡: 新驱动")
    received, rendered = through_the_stream(item)
    assert rendered == post_text(item, None)
    assert received == item
    assert ingested_post(tmp_path, [(received, rendered)]) == single_process_post(tmp_path, [item])


def test_the_ingest_writes_the_text_it_is_given(tmp_path: Path) -> None:
    received, _ = through_the_stream(news(1))
    assert ingested_post(tmp_path, [(received, "given text\n")]) == b"given text\n"


def test_a_record_without_post_text_is_rendered_at_the_ingest(tmp_path: Path) -> None:
    item = news(1)
    payload = json.loads(article_record(item))
    del payload["post"]
    kind, (received, rendered) = read_record(json.dumps(payload))
    assert kind == "article"
    assert rendered is None
    assert ingested_post(tmp_path, [(received, None)]) == post_text(item, None).encode()


def test_a_date_less_article_archived_before_keeps_its_first_date(tmp_path: Path) -> None:
    first = news(1, published=None, fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    later = news(1, published=None, fetched_at=datetime(2024, 3, 5, tzinfo=UTC), body_text="新")
    later = dataclasses.replace(later, body_html="<p>改过的正文</p>")
    records = [through_the_stream(first), through_the_stream(later)]
    assert "date: Tue, 05 Mar 2024" in str(records[1][1])  # the worker dates it by its fetch
    post = ingested_post(tmp_path, records)
    assert b"date: Mon, 01 Jan 2024 00:00:00 GMT" in post
    assert post == single_process_post(tmp_path, [first, later])


def test_an_article_no_post_can_be_made_of_travels_without_one(tmp_path: Path) -> None:
    item = news(1, categories=["only one"])
    received, rendered = through_the_stream(item)
    assert rendered is None
    with pytest.raises(ValueError, match="three categories"):
        ingested_post(tmp_path, [(received, rendered)])


def test_a_post_text_that_is_no_string_is_a_bad_record() -> None:
    payload = json.loads(article_record(news(1)))
    payload["post"] = ["not", "text"]
    with pytest.raises(BadRecordError, match="post text must be a string"):
        read_record(json.dumps(payload))
