"""extract_article with the generic (rule-less) source on real saved pages in four languages.

Pages and expected values are fundus's (see tests/fixtures/pages/README.md).
"""

from __future__ import annotations

import gzip
import json
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import FIXTURES

from newscrawl import sources
from newscrawl.cli import main
from newscrawl.demo.server import default_site, serve_site
from newscrawl.extract.article import extract_article
from newscrawl.extract.charset import decode_html
from newscrawl.items import Article

PAGES = FIXTURES / "pages"
PAGE_IDS = [
    "de-WDR_2024_04_22",
    "id-MediaIndonesia_2026_01_20",
    "jp-ChunichiShimbun_2025_01_13",
    "tr-NTVTR_2024_04_30",
]
# Known weaknesses of the generic extraction, one (page, field) each.
XFAIL: dict[tuple[str, str], str] = {}


@cache
def _case(page_id: str) -> tuple[Article, dict[str, Any]]:
    meta = json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8"))
    html = decode_html(gzip.decompress((PAGES / f"{page_id}.html.gz").read_bytes()))
    url = meta["url"]
    return extract_article(html, url, sources.generic(url)), meta


def _params(field: str) -> list[Any]:
    return [
        pytest.param(
            page_id,
            marks=[pytest.mark.xfail(strict=True, reason=XFAIL[(page_id, field)])]
            if (page_id, field) in XFAIL
            else [],
        )
        for page_id in PAGE_IDS
    ]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_pages_cover_several_languages() -> None:
    assert len({_case(p)[1]["language"] for p in PAGE_IDS}) == len(PAGE_IDS)


@pytest.mark.parametrize("page_id", _params("title"))
def test_title(page_id: str) -> None:
    article, meta = _case(page_id)
    assert article.title == meta["expected"]["title"]


@pytest.mark.parametrize("page_id", _params("published"))
def test_published_on_the_expected_day(page_id: str) -> None:
    article, meta = _case(page_id)
    expected = datetime.fromisoformat(meta["expected"]["publishing_date"])
    assert article.published is not None
    assert article.published.utcoffset() is not None
    if expected.tzinfo is None:  # only the local wall-clock date is known
        assert article.published.date() == expected.date()
    else:
        assert article.published.astimezone(expected.tzinfo).date() == expected.date()


@pytest.mark.parametrize("page_id", _params("body"))
def test_body_starts_like_the_expected_body(page_id: str) -> None:
    article, meta = _case(page_id)
    assert article.body_html.strip()
    assert article.body_text.strip()
    head = _squeeze(meta["expected"]["body"])[:30]
    assert len(head) == 30
    assert head in _squeeze(article.body_text)


# The categories of a post from a site nobody declared: the site's own name (og:site_name or
# the JSON-LD publisher; the host when the page names none) and the article's section
# (article:section or articleSection; "文章" when it names none), read off the saved pages.
CATEGORIES = {
    "de-WDR_2024_04_22": ["网页", "wdr.de", "文章"],
    "id-MediaIndonesia_2026_01_20": ["网页", "Media Indonesia", "文章"],
    "jp-ChunichiShimbun_2025_01_13": ["网页", "中日新聞Web", "ニュース"],
    "tr-NTVTR_2024_04_30": ["网页", "NTV", "Spor&Skor"],
}


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_generic_fields(page_id: str) -> None:
    article, _ = _case(page_id)
    assert article.source_id == "web"
    assert article.categories == CATEGORIES[page_id]
    assert article.canonical_url.startswith("https://")
    assert "<script" not in article.body_html.lower()
    assert all(src.startswith(("http://", "https://")) for src in article.images)


def test_categories_fall_back_to_the_host_and_a_default_section() -> None:
    url = "https://www.example.org/news/1.html"
    html = "<html><head><title>T</title></head><body><h1>T</h1><p>Some text.</p></body></html>"
    article = extract_article(html, url, sources.generic(url))
    assert article.categories == ["网页", "example.org", "文章"]


def test_title_loses_the_site_name_and_keeps_the_sites_own_spaces() -> None:
    url = "https://www.golem.de/news/a.html"
    html = (
        '<html><head><meta property="og:title" content="Akku&amp;ouml;l: A\u00a0B - Golem.de">'
        "</head><body><h1>Something else</h1><p>Text.</p></body></html>"
    )
    article = extract_article(html, url, sources.generic(url))
    assert article.title == "Akkuöl: A\u00a0B"


def test_authors_are_people_split_and_cleaned() -> None:
    url = "https://news.example.com/a.html"
    html = (
        '<html><head><meta property="og:site_name" content="Example News">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "author": '
        '[{"@type": "Organization", "name": "Example News"}]}</script>'
        '<meta name="author" content="https://news.example.com/authors/">'
        '<meta name="sailthru.author" content="By Jane Roe and John Doe (jd)">'
        "</head><body><p>Text.</p></body></html>"
    )
    article = extract_article(html, url, sources.generic(url))
    assert article.authors == ["Jane Roe", "John Doe"]


def test_newscrawl_extract_reads_an_unclaimed_page_generically() -> None:
    """`newscrawl extract` on a saved page of a site no source claims: the generic reading,
    its categories from the site's name and the article's section."""
    page_id = "tr-NTVTR_2024_04_30"
    meta = json.loads((PAGES / f"{page_id}.json").read_text(encoding="utf-8"))
    assert sources.for_url(meta["url"]) is None
    result = CliRunner().invoke(
        main, ["extract", str(PAGES / f"{page_id}.html.gz"), "--url", meta["url"]]
    )
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["categories"] == CATEGORIES[page_id]
    assert found["title"] == meta["expected"]["title"]
    assert _squeeze(meta["expected"]["body"])[:30] in _squeeze(found["body_text"])


def test_newscrawl_fetch_archives_an_unclaimed_url(tmp_path: Path) -> None:
    """`newscrawl fetch` of a URL no source claims (the demo's article served on 127.0.0.1,
    without --source): read generically, archived, the post filed under the site's host."""
    data = tmp_path / "data"
    with serve_site(default_site()) as server:
        url = server.url("/1/767/767105.htm")
        assert sources.for_url(url) is None
        fetched = subprocess.run(
            [sys.executable, "-m", "newscrawl", "fetch", url, "--data", str(data)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert fetched.returncode == 0, fetched.stderr[-2000:]
    assert "archived   1 (new 1" in fetched.stdout
    with closing(sqlite3.connect(data / "archive.db")) as db:
        rows = db.execute("SELECT source_id, title, categories, post_path FROM articles").fetchall()
    assert len(rows) == 1
    source_id, title, categories, post_path = rows[0]
    assert (source_id, title) == ("web", "BAT为何纷纷下场“造芯”？")
    assert json.loads(categories) == ["网页", "127.0.0.1", "文章"]
    assert (data / "posts" / "网页" / "127.0.0.1" / "文章").is_dir()
    assert post_path


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ('<span class="pubTime">2016年10月14日07:17</span>', "2016-10-14T07:17:00+00:00"),
        ('<time datetime="2024-03-05T10:00:00+01:00">5. März</time>', "2024-03-05T10:00:00+01:00"),
    ],
)
def test_a_page_without_date_metadata_is_dated_by_what_it_shows(shown: str, expected: str) -> None:
    url = "https://example.org/a/b"
    html = f"<html><head><title>T</title></head><body><h1>T</h1>{shown}<p>Text.</p></body></html>"
    article = extract_article(html, url, sources.generic(url))
    assert article.published == datetime.fromisoformat(expected)


@pytest.mark.parametrize(
    ("first_line", "expected"),
    [
        ("新华社巴黎12月9日电（记者唐霁）法国9日再次爆发全国跨行业大罢工。", ["唐霁"]),
        ("本报北京5月3日电（记者 张三 李四）今天上午，会议召开。", ["张三", "李四"]),
        ("记者了解到，今年的展会规模更大。", []),
        ("本报讯 记者从市政府获悉，地铁将延长运营。", []),
    ],
)
def test_chinese_datelines_name_the_reporters(first_line: str, expected: list[str]) -> None:
    url = "https://news.example.cn/a.html"
    html = f"<html><body><h1>标题</h1><p>{first_line}</p><p>第二段。</p></body></html>"
    assert extract_article(html, url, sources.generic(url)).authors == expected


@pytest.mark.parametrize(
    "shown",
    ["Example News | Storm hits the coast", "Storm hits the coast – Example News"],
)
def test_title_loses_a_leading_or_trailing_site_name(shown: str) -> None:
    url = "https://www.example.com/a.html"
    html = (
        f'<html><head><meta property="og:site_name" content="Example News"><title>{shown}'
        "</title></head><body><p>Text.</p></body></html>"
    )
    assert extract_article(html, url, sources.generic(url)).title == "Storm hits the coast"


def test_title_is_cut_before_the_first_part_naming_the_site() -> None:
    url = "https://blog.example.net/post/1"
    html = (
        '<html><head><meta property="og:site_name" content="Steven_Blue">'
        '<meta property="og:title" content="Maple trip (2) @ Steven_Blue :: PIXNET ::">'
        "</head><body><p>Text.</p></body></html>"
    )
    assert extract_article(html, url, sources.generic(url)).title == "Maple trip (2)"
