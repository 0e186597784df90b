"""ArticleSpider.source_for: the declared source of a host, else one generic source a site."""

from __future__ import annotations

from newscrawl import sources
from newscrawl.spiders.base import ArticleSpider


def test_one_generic_source_per_site_reused_for_its_pages() -> None:
    spider = ArticleSpider()
    first = spider.source_for("https://www.example.org/a/1.html")
    again = spider.source_for("https://WWW.example.org/b/2.html?x=1")
    other = spider.source_for("https://news.example.net/c.html")
    assert first is again  # built once: a Source checks all its fields as it is made
    assert first == sources.generic("https://www.example.org/a/1.html")
    assert other.name == "news.example.net"
    assert other is not first


def test_a_declared_site_keeps_its_source() -> None:
    spider = ArticleSpider()
    url = "https://news.mydrivers.com/1/767/767105.htm"
    assert spider.source_for(url) is sources.get("mydrivers")
    assert spider.source_for("https://example.org/x") is not sources.get("mydrivers")
    assert spider.source_for(url) is sources.get("mydrivers")


def test_the_spiders_own_source_reads_every_page() -> None:
    spider = ArticleSpider(source="mydrivers")
    assert spider.source_for("https://example.org/x") is sources.get("mydrivers")
