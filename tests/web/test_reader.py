"""`newscrawl serve`'s reader pages (web/reader.py, web/listing.py) from a real server over the
demo crawl: the news first, search as `newscrawl search` finds, a page per source and per tag,
paging, the tables one click away with the articles table's bodies left out, read-only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import lxml.html
import pytest
import requests
from helpers import article, newscrawl
from served_archive import (
    EXCEL_TITLE,
    HOSTILE_TITLE,
    TESLA_TITLE,
    Served,
    build_archive,
    start_server,
    stop_server,
)

from newscrawl.archive.store import Archive
from newscrawl.web.listing import PAGE_SIZE, marked

pytestmark = pytest.mark.e2e
HOSTILE_HEADLINE = "<img src=x onerror=alert('XSS-TITLE')> headline"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("reader")
    data = build_archive(tmp / "data")
    with Archive(data / "archive.db") as archive:  # a hostile title and text, written raw
        archive.add(
            article(
                1, source_id="hostile", title=HOSTILE_HEADLINE, tags=["<b>tag</b>"],
                body_text="<script>alert('XSS-TEXT')</script> text",
                published=datetime(2019, 1, 1, tzinfo=UTC),
            ),
            None,
        )  # fmt: skip
    server = start_server(data, tmp / "serve.log")
    try:
        yield server.served
    finally:
        stop_server(server)


def cards(page: requests.Response) -> list[lxml.html.HtmlElement]:
    assert page.status_code == 200, page.text[:2000]
    return lxml.html.fromstring(page.text).find_class("newscrawl-card")


def titles(page: requests.Response) -> list[str]:
    return [card.findtext(".//h2/a") for card in cards(page)]


def test_home_opens_on_the_latest_news(served: Served) -> None:
    home = served.get("/")
    found = cards(home)
    assert len(found) == 9  # the demo's 7, the hostile body, the hostile title
    assert titles(home)[:3] == [
        '"五连降"结束 今晚国内油价确定上涨了：每吨贵了190元',
        "0.016Hz显示无闪烁！TCL华星发布全球首款超低频OLED穿戴设备屏",
        EXCEL_TITLE,
    ]
    first = found[0]
    assert first.find_class("newscrawl-source")[0].text == "快科技（原驱动之家）"
    assert first.findtext(".//time") == "2022-09-06 17:09"
    assert "国内油价之前实现了五连降" in first.find_class("newscrawl-snippet")[0].text_content()
    image = first.find(".//img").get("src")
    assert image.startswith("/-/images/full/")  # the archived copy, never the site's
    assert served.get(image).status_code == 200
    article_page = served.get(first.find(".//h2/a").get("href"))
    assert article_page.status_code == 200
    assert "newscrawl-article" in article_page.text
    tree = lxml.html.fromstring(home.text)
    assert tree.xpath("//a[@href='/archive']"), "the tables and SQL one click away"
    assert tree.xpath("//link[@rel='alternate' and @href='/feeds/all.atom']")


def test_search_lists_what_newscrawl_search_finds(served: Served) -> None:
    for query, options in [("特斯拉 OR Excel OR bold", {}), ("Excel", {"source": "mydrivers"})]:
        page = served.get("/", q=query, **options)
        cli = newscrawl(
            "search", query, "--json", "--limit", "20", "--data", str(served.data),
            *[arg for name, value in options.items() for arg in (f"--{name}", value)],
        )  # fmt: skip
        assert cli.returncode == 0, cli.stderr
        expected = [hit["title"] for hit in json.loads(cli.stdout)]
        assert titles(page) == expected, query
        assert expected
    marks = lxml.html.fromstring(served.get("/", q="特斯拉").text).xpath("//mark/text()")
    assert marks == ["特斯拉"]
    assert titles(served.get("/", q="特斯拉", source="hostile")) == []
    assert "No article matches" in served.get("/", q="nosuchwordanywhere").text


def test_a_bad_filter_says_why(served: Served) -> None:
    page = served.get("/", since="last week")
    assert "is not a date" in page.text
    assert len(cards(page)) == 9  # the list is still shown, unfiltered


def test_a_page_per_source_and_per_tag(served: Served) -> None:
    source = served.get("/source/mydrivers")
    assert len(cards(source)) == 7
    tree = lxml.html.fromstring(source.text)
    assert tree.findtext(".//h1") == "快科技（原驱动之家）"
    assert tree.xpath("//link[@rel='alternate' and @href='/feeds/mydrivers.atom']")
    assert tree.xpath("//select[@name='source']/option[@selected]/@value") == ["mydrivers"]
    assert titles(served.get("/tag/特斯拉")) == [TESLA_TITLE]
    assert titles(served.get("/source/hostile")) == [HOSTILE_TITLE, HOSTILE_HEADLINE]


def test_hostile_titles_and_text_stay_text(served: Served) -> None:
    page = served.get("/source/hostile")
    tree = lxml.html.fromstring(page.text)
    assert not tree.xpath("//section[@class='content']//script | //*[@onerror]")
    assert "XSS-TITLE" not in "".join(tree.xpath("//img/@src"))
    assert "&lt;script&gt;alert(&#39;XSS-TEXT&#39;)&lt;/script&gt;" in page.text
    assert tree.xpath("//a[@href='/tag/%3Cb%3Etag%3C%2Fb%3E']/text()") == ["#<b>tag</b>"]


def test_the_articles_table_leaves_the_bodies_out_unless_asked(served: Served) -> None:
    def columns(page: requests.Response) -> list[str]:
        assert page.status_code == 200
        return lxml.html.fromstring(page.text).xpath(
            "//table[@class='rows-and-columns']//th/@data-column"
        )

    shown = served.get("/archive/articles")
    assert "_nocol=body_html" in shown.url
    assert "title" in columns(shown)
    assert not {"body_html", "body_text"} & set(columns(shown))
    assert {"body_html", "body_text"} <= set(columns(served.get("/archive/articles", _bodies="1")))
    searched = served.get("/archive/articles", _search="特斯拉")
    assert "1 row where search matches" in searched.text
    assert "body_text" not in columns(searched)
    assert served.get("/archive/articles.json", _shape="array").json()[0]["body_html"]


def test_the_reader_is_read_only(served: Served) -> None:
    for path in ("/", "/source/mydrivers"):
        assert requests.post(served.base_url + path, timeout=30).status_code in (403, 405)


def test_paging(tmp_path_factory: pytest.TempPathFactory) -> None:
    tmp = tmp_path_factory.mktemp("paging")
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with Archive(tmp / "archive.db") as archive:
        for n in range(1, 2 * PAGE_SIZE + 6):
            archive.add(article(n, published=start + timedelta(hours=n)), None)
    server = start_server(tmp, tmp / "serve.log")
    try:
        served = server.served
        first = served.get("/")
        assert titles(first)[0] == f"Article {2 * PAGE_SIZE + 5}"
        older = lxml.html.fromstring(first.text).xpath("//a[@rel='next']/@href")
        assert older == ["/?page=2"]
        assert not lxml.html.fromstring(first.text).xpath("//a[@rel='prev']")
        last = served.get("/", page="3")
        assert titles(last) == [f"Article {n}" for n in range(5, 0, -1)]
        assert not lxml.html.fromstring(last.text).xpath("//a[@rel='next']")
        searched = served.get("/", q="article", page="2")
        assert len(cards(searched)) == PAGE_SIZE
        assert lxml.html.fromstring(searched.text).xpath("//a[@rel='next']/@href") == [
            "/?q=article&page=3"
        ]
    finally:
        stop_server(server)


@pytest.mark.parametrize(
    ("snippet", "runs"),
    [
        ("plain", [("plain", False)]),
        ("…a [特斯拉] b [x]", [("…a ", False), ("特斯拉", True), (" b ", False), ("x", True)]),
        ("[only]", [("only", True)]),
    ],
)
def test_marked(snippet: str, runs: list[tuple[str, bool]]) -> None:
    assert marked(snippet) == runs
