"""Source declarations are validated at import; the registry finds sources by id and by URL."""

from __future__ import annotations

import re
from typing import Any

import pytest

from newscrawl import sources
from newscrawl.sources import Source, SourceError

GOOD: dict[str, Any] = {
    "id": "example_news",
    "name": "Example News",
    "domains": ("news.example.com",),
    "categories": ("新媒体", "Example", "最新新闻"),
    "author": "Example News",
    "feeds": ("https://news.example.com/rss.xml",),
    "article_url": r"/\d+/\d+\.htm",
    "selectors": {"title": "h1::text", "published": "xpath://time/@datetime"},
    "body": ".article",
    "body_drop": ("script", ".ad"),
    "body_stop": (".share",),
    "extra": {"editor": ".editor::text"},
    "encoding": "gbk",
    "timezone": "Asia/Shanghai",
}


def test_a_good_declaration_is_accepted() -> None:
    source = Source(**GOOD)
    assert source.tz.key == "Asia/Shanghai"
    assert source.article_pattern.search("https://news.example.com/1/23.htm")


# (field, bad value, words the error must name)
BAD: list[tuple[str, Any, str]] = [
    ("id", "Bad-Id", "id must match"),
    ("id", "1news", "id must match"),
    ("id", "x", "id must match"),
    ("id", "", "id must match"),
    ("name", "", "name and author"),
    ("author", "", "name and author"),
    ("categories", ("新媒体", "Example"), "three non-empty"),
    ("categories", ("a", "b", "c", "d"), "three non-empty"),
    ("categories", ("a", " ", "c"), "three non-empty"),
    ("domains", (), "bare host names"),
    ("domains", ("news.example.com/path",), "bare host names"),
    ("timezone", "Mars/Olympus_Mons", "unknown time zone"),
    ("timezone", "China Standard Time", "unknown time zone"),
    ("selectors", {"title": "h1[[["}, "bad selector"),
    ("selectors", {"title": "div >> p"}, "bad selector"),
    ("selectors", {"published": "xpath://time[@datetime"}, "bad selector"),
    ("selectors", {"published": "xpath:///"}, "bad selector"),
    ("extra", {"editor": "xpath:substring-after(("}, "bad selector"),
    ("extra", {"editor": "p:::text"}, "bad selector"),
    ("body", "div[", "bad selector"),
    ("body", "xpath://div", "plain CSS"),
    ("body", ".article::text", "plain CSS"),
    ("body_drop", ("script", "{}"), "bad selector"),
    ("body_stop", ("xpath://div",), "plain CSS"),
    ("article_url", r"/(\d+", "bad article_url"),
    ("article_url", r"[a-", "bad article_url"),
    ("encoding", "no-such-codec", "unknown encoding"),
    ("encoding", "gbk2", "unknown encoding"),
    ("feeds", ("ftp://news.example.com/rss.xml",), "not an http(s) URL"),
    ("feeds", ("news.example.com/rss.xml",), "not an http(s) URL"),
    ("feeds", ("javascript:alert(1)",), "not an http(s) URL"),
    ("selectors", {"body": ".article"}, "unknown selector fields"),
    ("selectors", {"headline": "h1::text"}, "unknown selector fields"),
    ("feed_fields", ("authors",), "feed_fields"),
    ("image_scheme", "ftp", "image_scheme"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD)
def test_a_bad_declaration_raises(field: str, value: Any, message: str) -> None:
    with pytest.raises(SourceError, match=re.escape(message)):
        Source(**{**GOOD, field: value})


def test_source_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="id must match"):
        Source(**{**GOOD, "id": "Bad"})


def test_the_registry_loads_mydrivers() -> None:
    source = sources.get("mydrivers")
    assert source.id == "mydrivers"
    assert source.categories == ("新媒体", "快科技（原驱动之家）", "最新新闻")
    assert source.tz.key == "Asia/Shanghai"
    assert source in sources.all_sources()
    assert [s.id for s in sources.all_sources()] == sorted(s.id for s in sources.all_sources())


def test_unknown_ids_name_the_known_ones() -> None:
    with pytest.raises(KeyError, match="mydrivers"):
        sources.get("no_such_source")


CLAIMED = [
    "https://news.mydrivers.com/1/854/854240.htm",
    "http://news.mydrivers.com/",
    "https://NEWS.MyDrivers.com/1/854/854240.htm",
    "https://news.mydrivers.com:443/1/854/854240.htm?from=rss#top",
    "http://rss.mydrivers.com/rss.aspx?Tid=1",
    "https://m.mydrivers.com/newsview/854240.html",
    "https://www.m.mydrivers.com/newsview/854240.html",  # a subdomain of a declared domain
]
NOT_CLAIMED = [
    "https://evilmydrivers.com/1/854/854240.htm",
    "https://news.evilmydrivers.com/1/854/854240.htm",
    "https://news.mydrivers.com.evil.example/1/854/854240.htm",
    "https://evil.example/news.mydrivers.com/1/854/854240.htm",
    "https://evil.example/?u=https://news.mydrivers.com/",
    "https://news.mydrivers.com@evil.example/",
    "https://xnews.mydrivers.com/1/854/854240.htm",
    "https://mydrivers.com/",  # the parent of the declared hosts is not declared
    "not a url",
    "",
]


@pytest.mark.parametrize("url", CLAIMED)
def test_claimed_urls(url: str) -> None:
    assert sources.get("mydrivers").claims(url)
    assert sources.for_url(url) is sources.get("mydrivers")


@pytest.mark.parametrize("url", NOT_CLAIMED)
def test_lookalike_urls_are_not_claimed(url: str) -> None:
    assert not sources.get("mydrivers").claims(url)
    assert sources.for_url(url) is None


def test_a_declared_parent_domain_claims_its_subdomains() -> None:
    source = Source(**{**GOOD, "domains": ("example.com",)})
    assert source.claims("https://news.example.com/1/2.htm")
    assert source.claims("https://a.b.example.com/")
    assert source.claims("https://example.com/")
    assert not source.claims("https://badexample.com/")
    assert not source.claims("https://example.com.evil.example/")


def test_generic_source_for_an_undeclared_site() -> None:
    source = sources.generic("https://www.Example.org/news/1.html")
    assert source.id == "web"
    assert source.domains == ("example.org",)
    assert source.categories == ("网页", "example.org", "文章")
    assert source.body is None
    assert source.claims("https://example.org/2.html")
