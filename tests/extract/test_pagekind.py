"""Article or not (`not_article_reason`): real article pages (saved GNE pages, every source's
fixture pages) are articles; video, index and tag pages are skipped with their reason."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from helpers import SITE, SOURCES

from newscrawl.extract.article import extract_article
from newscrawl.extract.charset import decode_html
from newscrawl.extract.pagekind import not_article_reason
from newscrawl.sources import generic, get

SITE_PAGES = SITE / "pages"


def _page(html: str, url: str) -> str | None:
    return not_article_reason(html, url, extract_article(html, url, generic(url)))


# Named one by one, not globbed: a missing or moved page fails instead of testing nothing.
GNE_PAGES = [
    "gne-163-1", "gne-163-9", "gne-guancha", "gne-ifeng-ifeng", "gne-qq-2", "gne-qq-qq",
    "gne-sina-sina", "gne-thepaper-1", "gne-toutiao-3", "gne-xinhuanet-1",
]  # fmt: skip


@pytest.mark.parametrize("name", GNE_PAGES)
def test_real_articles_are_articles(name: str) -> None:
    html = gzip.decompress((SITE_PAGES / f"{name}.html.gz").read_bytes()).decode("utf-8")
    assert _page(html, "http://127.0.0.1/news/2019/09/07/x.html") is None


def test_every_saved_real_article_is_checked() -> None:
    assert sorted(p.name.removesuffix(".html.gz") for p in SITE_PAGES.glob("gne-*")) == GNE_PAGES


NAV = "".join(
    f'<li><a href="/news/2019/09/0{i}/story-number-{i}.html">标题 {i}</a></li>'
    for i in range(1, 10)
)


@pytest.mark.parametrize(
    ("html", "url", "reason"),
    [
        ('<meta property="og:type" content="video.other"><h1>v</h1><p>' + "视频" * 200 + "</p>",
         "http://h.example/video/2019/09/08/v.html", "video_page"),
        ('<script type="application/ld+json">{"@type": "CollectionPage"}</script>'
         "<ul>" + NAV + "</ul>",
         "http://h.example/news/2019/09/index.html", "index_page"),
        ("<h1>科技</h1><ul>" + NAV + "</ul>", "http://h.example/tag/tech.html", "tag_page"),
        ("<h1>九月</h1><ul>" + NAV + "</ul>",
         "http://h.example/news/2019/09/index.html", "index_page"),
        ('<meta property="og:type" content="article"><h1>a</h1><ul>' + NAV + "</ul>",
         "http://h.example/news/2019/09/index.html", None),
        ("<h1>短讯</h1><p>只有一句话的短消息。</p>",
         "http://h.example/news/2019/09/07/s.html", None),
    ],
)  # fmt: skip
def test_not_article_reason(html: str, url: str, reason: str | None) -> None:
    found = _page(f"<html><body>{html}</body></html>", url)
    assert (found.split(" ", 1)[0] if found else None) == reason


SOURCE_PAGES = sorted(
    (meta, page)
    for meta in SOURCES.glob("*/*.json")
    for page in meta.parent.glob(f"{meta.stem}.htm*")
    if not page.name.endswith(".md")
)


@pytest.mark.parametrize(("meta", "page"), SOURCE_PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_source_fixture_page_is_an_article(meta: Path, page: Path) -> None:
    """The article-or-not check never skips a real article page of a declared source."""
    url = json.loads(meta.read_text(encoding="utf-8"))["url"]
    data = page.read_bytes()
    data = gzip.decompress(data) if page.suffix == ".gz" else data
    source = get(meta.parent.name)
    html = decode_html(data, None, source.encoding)
    article = extract_article(html, url, source)
    assert not_article_reason(html, url, article) is None


def test_there_are_source_pages() -> None:
    assert len(SOURCE_PAGES) >= 10
