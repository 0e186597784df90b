"""Pure discovery functions: sitemaps (real ones), robots.txt, feed links and paging, article-like
links and next pages, over made-up and real listing pages."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, datetime

import pytest
from helpers import FIXTURES

from newscrawl.extract.article import extract_article
from newscrawl.extract.charset import decode_html
from newscrawl.extract.discover import feed_links, looks_like_feed
from newscrawl.extract.feed import paged_url, parse_feed
from newscrawl.extract.links import article_links, looks_like_article, next_page
from newscrawl.extract.pagekind import not_article_reason
from newscrawl.extract.sitemap import newest_first, read_sitemap, robots_sitemaps
from newscrawl.sources import generic, get
from newscrawl.sources.base import Source

SITEMAPS = FIXTURES / "sitemaps"
URLSET = '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{}</urlset>'


def expected(name: str) -> dict[str, object]:
    return dict(json.loads((SITEMAPS / f"{name}.json").read_text(encoding="utf-8"))["expected"])


def test_news_sitemap_gives_publication_dates_and_titles() -> None:
    name = "newssitemap-nytimes-2020.xml"
    doc = read_sitemap((SITEMAPS / name).read_bytes(), "https://www.nytimes.com/", UTC)
    want = expected(name)
    assert doc.kind == want["root"] == "urlset"
    assert doc.problems == []
    urls = want["urls"]
    assert isinstance(urls, list)
    assert [e.loc for e in doc.entries] == [u["loc"] for u in urls]  # stray spaces stripped
    for entry, url in zip(doc.entries, urls, strict=True):
        assert entry.published == datetime.fromisoformat(url["news_publication_date"])
        assert entry.modified == datetime.fromisoformat(url["lastmod"])
        assert entry.title == url["news_title"]
        assert entry.published is not None
        assert entry.published.tzinfo is not None


def test_gzipped_sitemap_reads_like_the_plain_one() -> None:
    name = "sitemap-sitemaps-org.xml.gz"
    data = (SITEMAPS / name).read_bytes()
    doc = read_sitemap(data, "https://www.sitemaps.org/", UTC)
    want = expected(name)
    assert doc.kind == "urlset"
    assert len(doc.entries) == want["url_count"] == 84
    assert doc.entries[0].modified == datetime(2016, 11, 21, tzinfo=UTC)
    assert read_sitemap(gzip.decompress(data), "https://www.sitemaps.org/", UTC) == doc


def test_video_sitemap_entries_are_listed() -> None:
    name = "videositemap-washingtonpost-2020.xml"
    doc = read_sitemap((SITEMAPS / name).read_bytes(), "https://www.washingtonpost.com/", UTC)
    assert doc.kind == "urlset"
    assert len(doc.entries) == expected(name)["url_count"]


def test_bad_lastmod_is_a_problem_and_the_entry_is_kept() -> None:
    body = URLSET.format(
        "<url><loc>/a/2019/09/one</loc><lastmod>2019-13-45T99:00:00Z</lastmod></url>"
        "<url><loc>/a/2019/09/two</loc><lastmod>2019-09-07</lastmod></url>"
    )
    doc = read_sitemap(body.encode(), "http://h.example/", UTC)
    assert [e.loc for e in doc.entries] == [
        "http://h.example/a/2019/09/one",
        "http://h.example/a/2019/09/two",
    ]
    assert doc.entries[0].date is None
    assert doc.problems == ["bad lastmod '2019-13-45T99:00:00Z' for http://h.example/a/2019/09/one"]
    # newest first, the undated one last
    assert [e.loc[-3:] for e in newest_first(doc.entries)] == ["two", "one"]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"not xml at all", "invalid"),
        (b"<html><body><p>soft 404</p></body></html>", "html"),
        (b"\x1f\x8b\x08broken gzip", "gzip"),
    ],
)
def test_what_is_not_a_sitemap_says_so(data: bytes, kind: str) -> None:
    doc = read_sitemap(data, "http://h.example/sitemap.xml", UTC)
    assert doc.kind == kind
    assert doc.entries == []


def test_sitemap_index() -> None:
    body = (
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<sitemap><loc>http://h.example/s1.xml</loc><lastmod>2024-05-01</lastmod></sitemap>"
        "<sitemap><loc>http://h.example/s2.xml.gz</loc></sitemap></sitemapindex>"
    )
    doc = read_sitemap(body.encode(), "http://h.example/", UTC)
    assert doc.kind == "sitemapindex"
    assert [e.loc for e in doc.entries] == ["http://h.example/s1.xml", "http://h.example/s2.xml.gz"]


def test_robots_sitemaps() -> None:
    robots = (
        b"User-agent: *\nDisallow: /x/\nSitemap: /news.xml\n"
        b"sitemap: https://h.example/a.xml\nSitemap: /news.xml\n"
    )
    assert robots_sitemaps(robots, "https://h.example/robots.txt") == [
        "https://h.example/news.xml",
        "https://h.example/a.xml",
    ]
    assert robots_sitemaps(b"User-agent: *\nDisallow:\n", "https://h.example/robots.txt") == []


@pytest.mark.parametrize(
    ("url", "article"),
    [
        ("https://news.mydrivers.com/1/767/767105.htm", True),
        ("https://www.example.com/2024/05/01/some-news/", True),
        ("https://www.example.com/news/2019/09/07/163-1.html", True),
        ("https://www.example.com/politics/minister-resigns-after-vote", True),
        ("https://news.sina.com.cn/c/2019-09-07/doc-iicezzrq4076655.shtml", True),
        ("https://www.example.com/", False),
        ("https://www.example.com/tag/tech.html", False),
        ("https://www.example.com/category/world/", False),
        ("https://www.example.com/page/2/", False),
        ("https://www.example.com/about", False),
        ("https://www.example.com/2024/05/01/photo.jpg", False),
        ("https://www.example.com/feed.xml", False),
        ("mailto:desk@example.com", False),
    ],
)
def test_looks_like_article(url: str, article: bool) -> None:
    assert looks_like_article(url) is article


LISTING = """<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml">
<link rel="alternate" type="application/rss+xml" href="/comments/feed"></head><body>
<a href="/2024/05/01/first-story-here.html">1</a>
<a href="/2024/05/01/first-story-here.html#c">1</a>
<a href="https://other.example/2024/05/01/elsewhere-story-here">x</a>
<a href="/tag/x">tag</a> <a href="/news/123456.html">2</a> <a href="/list?page=2">下一页</a>
</body></html>"""


def test_article_links_same_site_once_by_look_or_pattern() -> None:
    url = "https://www.h.example/"
    assert article_links(LISTING, url) == [
        "https://www.h.example/2024/05/01/first-story-here.html",
        "https://www.h.example/news/123456.html",
    ]
    pattern = Source(
        id="hx", name="h", domains=("h.example",), categories=("a", "b", "c"), author="h",
        article_url=r"/news/\d+",
    ).article_pattern  # fmt: skip
    assert article_links(LISTING, url, pattern) == ["https://www.h.example/news/123456.html"]


@pytest.mark.parametrize(
    ("html", "found"),
    [
        (LISTING, "https://www.h.example/list?page=2"),
        ('<link rel="next" href="/p/3"><a href="/p/9">next</a>', "https://www.h.example/p/3"),
        ('<a class="pager next" href="/p/4">›</a>', "https://www.h.example/p/4"),
        ('<a href="/p/5">Next page</a>', "https://www.h.example/p/5"),
        ('<a href="/">下一页</a>', "https://www.h.example/"),
        ('<a href="https://other.example/p/2">next</a><p>end</p>', None),
        ("<p>no pages</p>", None),
    ],
)
def test_next_page(html: str, found: str | None) -> None:
    assert next_page(html, "https://www.h.example/list") == found


def test_feed_links_skip_comment_feeds() -> None:
    assert feed_links(LISTING, "https://www.h.example/") == ["https://www.h.example/rss.xml"]
    assert feed_links("<html><body><p>none</p></body></html>", "https://h.example/") == []


@pytest.mark.parametrize(
    ("data", "feed"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel>', True),
        (b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom">', True),
        (b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">', True),
        (b"<!DOCTYPE html><html><head>", False),
    ],
)
def test_looks_like_feed(data: bytes, feed: bool) -> None:
    assert looks_like_feed(data) is feed


def test_atom_paging_link() -> None:
    atom = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b'<link rel="next" href="/feed?paged=2"/><entry><title>a</title><link href="/a"/>'
        b"<id>a</id></entry></feed>"
    )
    assert (
        parse_feed(atom, "http://h.example/feed", UTC).next_page == "http://h.example/feed?paged=2"
    )
    assert (
        parse_feed(
            atom.replace(b'rel="next"', b'rel="self"'), "http://h.example/feed", UTC
        ).next_page
        is None
    )


@pytest.mark.parametrize(
    ("url", "generator", "following"),
    [
        (
            "https://b.example/feed/",
            "https://wordpress.org/?v=6.5",
            "https://b.example/feed/?paged=2",
        ),
        ("https://b.example/feed/?paged=2", "WordPress 4.9", "https://b.example/feed/?paged=3"),
        ("https://b.example/index.xml", "Hugo -- gohugo.io", None),
    ],
)
def test_wordpress_feeds_page_with_paged(url: str, generator: str, following: str | None) -> None:
    assert paged_url(url, generator) == following


LISTINGS = FIXTURES / "listings"


def _listing(name: str) -> tuple[str, dict[str, object]]:
    meta = json.loads((LISTINGS / f"{name}.json").read_text(encoding="utf-8"))
    data = gzip.decompress((LISTINGS / f"{name}.html.gz").read_bytes())
    return decode_html(data, None, meta["encoding"]), dict(meta["expected"])


def test_real_mydrivers_listing_by_pattern_and_by_look() -> None:
    html, want = _listing("news-doc-index-2017")
    url = "http://news.mydrivers.com/"
    by_pattern = article_links(html, url, get("mydrivers").article_pattern)
    assert len(by_pattern) == want["article_link_count"] == 214
    first, last = want["article_links_first"], want["article_links_last"]
    assert isinstance(first, list)
    assert isinstance(last, list)
    assert by_pattern[: len(first)] == first
    assert by_pattern[-len(last) :] == last
    assert set(by_pattern) <= set(article_links(html, url))  # the look alone finds them too


def test_real_gb2312_home_page_article_links() -> None:
    html, want = _listing("gbk-jb51-home")
    found = article_links(html, "http://www.jb51.net/")
    links = want["links_contain"]
    assert isinstance(links, list)
    assert set(links) <= set(found)
    # every distinct /article/<n>.htm link (66 hrefs, 59 distinct), no list page
    assert sum("/article/" in u for u in found) == 59
    assert not [u for u in found if "/list/" in u]


def test_feed_links_of_a_real_listing_page_once() -> None:
    html, _ = _listing("news-doc-index-2017")
    # an <a> to 快科技's RSS hub (an HTML page there: the site spider checks before reading)
    assert feed_links(html, "http://news.mydrivers.com/") == ["http://rss.mydrivers.com"]


def test_a_real_home_page_is_an_index() -> None:
    html, _ = _listing("gbk-jb51-home")
    url = "http://www.jb51.net/"
    reason = not_article_reason(html, url, extract_article(html, url, generic(url)))
    assert reason is not None
    assert reason.startswith("index_page")
