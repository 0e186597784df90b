"""article_from_page and post_from_article: the page -> article -> post chain the CLI, the fuzz
test and the benchmarks share, on real saved pages and small hostile ones."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from helpers import SOURCES, article

from newscrawl import sources
from newscrawl.clean.article import (
    NotArchivableError,
    UndatedError,
    article_from_page,
    post_from_article,
)
from newscrawl.sources import Source

MYDRIVERS = SOURCES / "mydrivers"
URL = "https://news.mydrivers.com/1/806/806599.htm"
YT = "https://www.youtube.com/embed/dQw4w9WgXcQ"


def test_the_source_is_found_from_the_url_else_the_page_is_read_generically() -> None:
    page = (MYDRIVERS / "excel-bug.html").read_bytes()
    assert article_from_page(page, URL).source_id == "mydrivers"
    assert article_from_page(page, "https://elsewhere.example/a.htm").source_id == "web"


def test_a_gbk_page_reads_as_its_utf8_copy() -> None:
    """Decoding is part of the chain: the bytes of a GBK page give the same article."""
    utf8 = article_from_page((MYDRIVERS / "excel-bug.html").read_bytes(), URL)
    gbk = article_from_page((MYDRIVERS / "excel-bug.gbk.html").read_bytes(), URL)
    assert gbk.title == utf8.title
    assert gbk.body_text == utf8.body_text


@pytest.mark.parametrize("name", ["iphone-redpacket", "tcl-oled"])
def test_a_hostile_body_is_sanitized_and_its_text_follows(name: str) -> None:
    url = json.loads((MYDRIVERS / f"{name}.json").read_text(encoding="utf-8"))["url"]
    found = article_from_page((MYDRIVERS / f"{name}.html").read_bytes(), url)
    assert "javascript:" not in found.body_html
    assert found.body_text.strip()
    assert found.published is not None
    assert found.published.tzinfo is not None


def test_the_sources_embed_hosts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    source = Source(
        id="video_site", name="V", domains=("v.example",), categories=("a", "b", "c"),
        author="V", body="div.story", embeds=("www.youtube.com",),
    )  # fmt: skip
    monkeypatch.setitem(sources._registry(), source.id, source)
    page = (
        '<html><head><title>T</title></head><body><h1>T</h1><div class="story"><p>text</p>'
        f'<iframe src="{YT}"></iframe><iframe src="https://evil.example/"></iframe></div>'
        "</body></html>"
    ).encode()
    found = article_from_page(page, "https://v.example/1.htm")
    assert found.source_id == "video_site"
    assert f'src="{YT}"' in found.body_html
    assert "evil.example" not in found.body_html
    generic = article_from_page(page, "https://other.example/1.htm")
    assert "iframe" not in generic.body_html  # an undeclared site allows no embeds


def test_post_of_a_saved_page_is_its_golden_post() -> None:
    data = json.loads((MYDRIVERS / "excel-bug.json").read_text(encoding="utf-8"))
    post = post_from_article(article_from_page((MYDRIVERS / "excel-bug.html").read_bytes(), URL))
    assert post == (MYDRIVERS / "excel-bug.post.md").read_text(encoding="utf-8")
    assert data["url"] == URL


@pytest.mark.parametrize(
    ("fields", "reason"), [({"title": ""}, "no_title"), ({"body_text": " \n"}, "no_body")]
)
def test_an_article_a_crawl_would_drop_has_no_post(fields: dict[str, str], reason: str) -> None:
    with pytest.raises(NotArchivableError) as caught:
        post_from_article(article(1, **fields))
    assert caught.value.reason == reason


def test_an_undated_article_has_no_post() -> None:
    with pytest.raises(UndatedError):
        post_from_article(article(1, published=None, categories=["a", "b", "c"]))


def test_the_sources_default_image_heads_a_post_without_images(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = Source(
        id="pictured", name="P", domains=("p.example",), categories=("a", "b", "c"),
        author="P", default_image="https://p.example/logo.png",
    )  # fmt: skip
    monkeypatch.setitem(sources._registry(), source.id, source)
    fields = {"published": datetime(2024, 5, 1, tzinfo=UTC), "categories": ["a", "b", "c"]}
    post = post_from_article(article(1, source_id="pictured", **fields))
    assert "headimg: 'https://p.example/logo.png'" in post
    assert "headimg" not in post_from_article(article(1, source_id="web", **fields))
