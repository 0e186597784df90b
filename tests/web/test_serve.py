"""`newscrawl serve`: a real server (subprocess) over a real crawled archive, checked over HTTP:
the pages, the rendered bodies, and that nothing writes through it."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from pathlib import Path

import pytest
import requests
from helpers import newscrawl
from served_archive import (
    EXCEL_TITLE,
    HOSTILE_BODY,
    HOSTILE_URL,
    MARKERS,
    TESLA_TITLE,
    Served,
    body_cell,
    tilde_encode,
)

from newscrawl.archive.store import Archive
from newscrawl.web.display import display_html
from newscrawl.web.metadata import build_metadata, read_schema

pytestmark = pytest.mark.e2e


def test_home_and_database_pages_describe_the_archive(served: Served) -> None:
    home = served.get("/")  # the reader's front page (tests/web/test_reader.py)
    assert home.status_code == 200
    assert 'href="/archive"' in home.text
    assert served.get("/.json").json()["archive"]["tables_count"] >= 2

    database = served.get("/archive")
    assert database.status_code == 200
    assert "newscrawl archive" in database.text
    # The source links: the registered source's site and feed.
    assert "快科技（原驱动之家）" in database.text
    assert 'href="https://news.mydrivers.com/"' in database.text
    assert 'href="http://rss.mydrivers.com/rss.aspx?Tid=1"' in database.text
    for title in ("Latest articles per source", "Search articles", "Articles with failed images"):
        assert title in database.text


def test_articles_table_is_browsable_and_described(served: Served) -> None:
    page = served.get("/archive/articles")
    assert page.status_code == 200
    assert "One row per article, keyed by canonical URL" in page.text
    assert EXCEL_TITLE in page.text
    rows = served.json_rows("/archive/articles.json", _size="max")
    assert len(rows) == 8  # the demo's 7 and the hostile one
    # Newest first, as the metadata asks.
    published = [str(r["published"]) for r in rows]
    assert published == sorted(published, reverse=True)


def test_row_page_renders_the_body_as_html_with_local_images(served: Served) -> None:
    (tesla,) = served.json_rows("/archive/articles.json", title=TESLA_TITLE)
    page = served.get("/archive/articles/" + tilde_encode(str(tesla["url"])))
    assert page.status_code == 200
    cell = body_cell(page.text)
    (article,) = cell.xpath("parent::article")
    assert article.findtext("h2") == TESLA_TITLE
    assert "source_id" in article.xpath(".//dl/dt/text()")
    assert "冬季电动车的续航" in cell.text_content()
    assert cell.findall(".//p"), "the body is shown as markup, not as escaped text"
    (image,) = cell.findall(".//img")
    assert image.get("src").startswith("/-/images/full/")
    picture = served.get(image.get("src"))
    assert picture.status_code == 200
    assert picture.headers["content-type"] == "image/jpeg"
    # The images mount serves that folder only.
    assert served.get("/-/images/%2e%2e/archive.db").status_code == 404


def test_hostile_body_renders_without_anything_active(served: Served) -> None:
    sql = "select url, body_html from articles where source_id = 'hostile'"
    pages = [  # the article's page, the table and a query; where the body must stay
        (served.get("/archive/articles/" + tilde_encode(HOSTILE_URL)), "article"),
        (served.get("/archive/articles", source_id="hostile", _bodies="1"), "td"),
        (served.get("/archive", sql=sql), "td"),
    ]
    for page, container in pages:
        assert page.status_code == 200, page.url
        for marker in MARKERS:
            assert marker not in page.text, (marker, page.url)
        cell = body_cell(page.text)
        assert cell.xpath(f"parent::{container}"), "the stray end tags closed the page's markup"
        (kept,) = cell.find_class("kept")
        assert kept.findtext("strong") == "bold"
        (after,) = cell.find_class("after")
        assert after.text == "After them."
        for element in cell.iter():
            assert element.tag not in ("script", "iframe")
            assert not [name for name in element.attrib if name.startswith("on")]
            assert not element.get("href", "").startswith("javascript")
    # The data is served as stored: only the HTML view renders (and sanitizes) it.
    (raw,) = served.json_rows("/archive/articles.json", source_id="hostile")
    assert raw["body_html"] == HOSTILE_BODY


def test_the_archive_cannot_be_written_through_the_server(served: Served) -> None:
    db = served.data / "archive.db"
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for sql in [
        "delete from articles",
        "update articles set title = 'x'",
        "drop table images",
        "select 1; delete from articles",
        "pragma query_only = 0",
        "attach database ':memory:' as other",
    ]:
        response = served.get("/archive.json", sql=sql)
        assert response.status_code == 400, sql
    write_api = requests.post(
        served.base_url + "/archive/articles/-/insert", json={"row": {"url": "x"}}, timeout=30
    )
    assert write_api.status_code == 404  # Datasette 0.65 has no write API
    assert len(served.json_rows("/archive/articles.json", _size="max")) == 8
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_even_a_plugin_write_fails(served: Served) -> None:
    """The connections themselves refuse writes (query_only), not only Datasette's views."""
    from newscrawl.web.server import make_datasette

    datasette = make_datasette(served.data)

    async def write() -> None:
        await datasette.get_database("archive").execute_write("delete from articles")

    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        asyncio.run(write())


def test_bookkeeping_index_and_kept_responses_are_hidden(tmp_path: Path) -> None:
    """Tables no reader browses: migrations, the contentless index, compressed bodies."""
    Archive(tmp_path / "archive.db").close()  # every migration applied
    schema = read_schema(tmp_path / "archive.db")
    assert "responses" in schema
    tables = build_metadata("archive", schema, [])["databases"]["archive"]["tables"]
    hidden = {name for name, table in tables.items() if table.get("hidden")}
    assert {"responses", "_migrations", "articles_search", "article_tags"} <= hidden
    assert not hidden & {"articles", "images", "revisions", "visits"}


def test_serve_without_an_archive_says_so(tmp_path: Path) -> None:
    result = newscrawl("serve", "--data", str(tmp_path), timeout=60)
    assert result.returncode == 1
    assert "no archive at" in result.stderr
    assert "Traceback" not in result.stderr


REL = 'rel="noopener noreferrer nofollow"'
PNG = "data:image/png;base64,iVBORw0KGgo="


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>plain</p>", "<p>plain</p>"),
        ("<p>a<script>alert(1)</script>b</p>", "<p>ab</p>"),
        ('<img src="x.jpg" onerror="alert(1)">', '<img src="https://site/1/x.jpg">'),
        ('<a href="javascript:alert(1)">x</a>', f"<a {REL}>x</a>"),
        ("<p>in</p></td></tr></table><p>out", "<p>in</p><p>out</p>"),
        ("<div><p>unclosed", "<div><p>unclosed</p></div>"),
        ('<a href="/2.htm">next</a>', f'<a href="https://site/2.htm" {REL}>next</a>'),
        ('<img src="/img/a.jpg">', '<img src="/-/images/full/a.jpg">'),
        (f'<img src="{PNG}">', f'<img src="{PNG}">'),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', f"<a {REL}>x</a>"),
        ('<iframe src="https://www.youtube.com/embed/x"></iframe><p>z</p>', "<p>z</p>"),
    ],
)  # fmt: skip
def test_display_html(body: str, expected: str) -> None:
    local = {"https://site/img/a.jpg": "/-/images/full/a.jpg"}
    assert display_html(body, "https://site/1/article.htm", local) == expected
