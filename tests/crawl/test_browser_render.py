"""Pages that need a browser (crawl/browser.py, downloadermiddlewares/browser.py): real crawls of
a local site whose article bodies are written by JavaScript, through Debian's Chromium.

A source declaring render="browser" archives them with their text; the same pages read over
plain HTTP have no body; a "read more" button the source declares is clicked; a page whose
script never finishes loading times out with a counted reason and the crawl goes on; a crawl
that renders nothing starts no browser.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from helpers import missing, newscrawl

from newscrawl.crawl import browser
from newscrawl.demo.server import SiteServer, serve_site
from newscrawl.downloadermiddlewares.browser import _CLICK as CLICK_JS
from newscrawl.downloadermiddlewares.browser import _HAS_TEXT as HAS_TEXT_JS
from newscrawl.downloadermiddlewares.browser import render_meta
from newscrawl.sources.base import Source, SourceError

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:  # .ci/run installs it and sets NEWSCRAWL_REQUIRE_BROWSER: there it fails
    missing("no chromium executable (apt-get install chromium)", "NEWSCRAWL_REQUIRE_BROWSER")
if importlib.util.find_spec("scrapy_playwright") is None:
    missing("scrapy-playwright is not installed (pip install 'newscrawl[browser]')",
            "NEWSCRAWL_REQUIRE_BROWSER")  # fmt: skip

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
{head}</head><body><h1>{title}</h1><div id="article"></div>{extra}
<script>{script}</script></body></html>"""
# The body arrives after load, as a single-page app's would.
FILL = """window.addEventListener('load', () => setTimeout(() => {
  document.getElementById('article').innerHTML = '<p>{text}</p><p>Second paragraph.</p>';
}, 150));"""
CLICK = """document.getElementById('more').addEventListener('click', () => {
  document.getElementById('article').innerHTML = '<p>{text}</p>';
});"""
ARTICLES = {
    "js.htm": PAGE.format(
        title="Written by JavaScript", head="", extra="",
        script=FILL.replace("{text}", "Text that only a browser sees."),
    ),
    "more.htm": PAGE.format(
        title="Behind a read more button", head="",
        extra='<button id="more">Read more</button>',
        script=CLICK.replace("{text}", "Text shown after the click."),
    ),
    # A script that never finishes loading: the page never gets to its content.
    "hang.htm": PAGE.format(
        title="Never finishes", head='<script src="/_slow/60"></script>', extra="",
        script=FILL.replace("{text}", "Never shown."),
    ),
}  # fmt: skip


def atom(server: SiteServer, names: list[str]) -> str:
    entries = "".join(
        f"<entry><title>{name}</title><id>{server.url('/a/' + name)}</id>"
        f'<link href="{server.url("/a/" + name)}"/>'
        f"<updated>2024-05-0{i + 1}T08:00:00Z</updated></entry>"
        for i, name in enumerate(names)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>JS news</title><id>urn:js</id><updated>2024-05-03T08:00:00Z</updated>"
        f"{entries}</feed>"
    )


def source_toml(source_id: str, feed: str, render: str) -> str:
    fields: dict[str, Any] = {
        "id": source_id, "name": "JS news", "domains": ["127.0.0.1"],
        "categories": ["News", "JS news", "Articles"], "author": "JS news", "feeds": [feed],
        "selectors": {"title": "h1::text"}, "body": "#article", "render": render,
        "render_click": "#more",
    }  # fmt: skip

    def value(v: Any) -> str:
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"
        return json.dumps(v)

    return "".join(f"{name} = {value(v)}\n" for name, v in fields.items())


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    (root / "a").mkdir(parents=True)
    for name, page in ARTICLES.items():
        (root / "a" / name).write_text(page, encoding="utf-8")
    with serve_site(root) as server:
        (root / "atom.xml").write_text(atom(server, list(ARTICLES)), encoding="utf-8")
        home = '<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml">'
        (root / "index.html").write_text(home + "</head><body></body></html>", encoding="utf-8")
        yield server


def crawl(site: SiteServer, data: Path, render: str, *options: str) -> Any:
    (data / "sources").mkdir(parents=True, exist_ok=True)
    toml = source_toml("jsnews", site.url("/atom.xml"), render)
    (data / "sources" / "jsnews.toml").write_text(toml, encoding="utf-8")
    return newscrawl(
        *options, "crawl", "jsnews", "--data", str(data), "--set", "NEWSCRAWL_BROWSER_TIMEOUT=3",
        "--set", f"NEWSCRAWL_CHROMIUM={CHROMIUM}", timeout=180,
    )  # fmt: skip


def archived(data: Path) -> dict[str, str]:
    with closing(sqlite3.connect(data / "archive.db")) as db:
        rows = db.execute("select fetched_url, body_text from articles").fetchall()
    return {url.rsplit("/", 1)[1]: text for url, text in rows}


def test_a_browser_source_archives_what_javascript_writes(site: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = crawl(site, data, "browser")
    assert result.returncode == 0, result.stderr[-3000:]
    found = archived(data)
    assert "Text that only a browser sees." in found["js.htm"]
    assert "Second paragraph." in found["js.htm"]
    assert "Text shown after the click." in found["more.htm"]
    assert "hang.htm" not in found
    # Counted: the pages rendered, and the one that never finished, with its reason.
    assert "2 rendered in the browser" in result.stdout, result.stdout
    assert "failed     1 (browser_timeout 1)" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "hang.htm" in line]
    assert "browser_timeout (Page.goto: Timeout 3000ms exceeded.)" in line
    assert "Call log" not in result.stderr
    posts = list((data / "posts").rglob("*.md"))
    assert any("Text that only a browser sees." in p.read_text(encoding="utf-8") for p in posts)


def test_the_same_pages_over_plain_http_have_no_text(site: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = crawl(site, data, "http", "-v")  # -v: Scrapy's own lines, components included
    assert result.returncode == 0, result.stderr[-3000:]
    assert "rendered in the browser" not in result.stdout
    assert "archived   0" in result.stdout, result.stdout
    assert "dropped    3 (no_body 3)" in result.stdout, result.stdout
    # Plain HTTP all along: no browser handler, no browser middleware, no browser started.
    assert "BrowserMiddleware" not in result.stderr
    assert "newscrawl.downloadermiddlewares.incremental" in result.stderr  # the list is there
    assert "scrapy-playwright" not in result.stderr.lower()
    assert "playwright" not in result.stderr.lower()


def test_fetch_with_browser_renders_an_undeclared_page(site: SiteServer, tmp_path: Path) -> None:
    url = site.url("/a/js.htm")  # no source claims it: generic extraction, network-idle wait
    plain = newscrawl("fetch", url, "--data", str(tmp_path / "plain"), timeout=120)
    assert "dropped    1 (no_body 1)" in plain.stdout, plain.stdout + plain.stderr[-2000:]
    rendered = newscrawl("fetch", url, "--browser", "--data", str(tmp_path / "js"))
    assert rendered.returncode == 0, rendered.stderr[-3000:]
    assert "1 rendered in the browser" in rendered.stdout, rendered.stdout
    assert "Text that only a browser sees." in archived(tmp_path / "js")["js.htm"]


def test_crawl_a_site_url_with_browser(site: SiteServer, tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = newscrawl(
        "crawl", site.url("/"), "--browser", "--set", "NEWSCRAWL_BROWSER_TIMEOUT=3",
        "--data", str(data), timeout=180,
    )  # fmt: skip
    assert "rendered in the browser" in result.stdout, result.stdout + result.stderr[-3000:]
    assert "Text that only a browser sees." in archived(data)["js.htm"]


BASE = {"id": "jsnews", "name": "JS", "domains": ("js.example",), "categories": ("a", "b", "c"),
        "author": "JS"}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"render": "javascript"}, "render must be http or browser"),
        ({"render": "browser", "render_wait": "xpath://div"}, "render selectors must be plain CSS"),
        ({"render": "browser", "render_click": "button::text"}, "must be plain CSS"),
        ({"render": "browser", "render_click": "button[["}, "render"),
    ],
)
def test_a_bad_render_declaration_raises(fields: dict[str, str], message: str) -> None:
    with pytest.raises(SourceError, match=re.escape(message)):
        Source(**BASE, **fields)


IDLE = ("wait_for_load_state", ("networkidle",))
FILLED = ("wait_for_function", (HAS_TEXT_JS,))


@pytest.mark.parametrize(
    ("fields", "methods", "waited_for"),
    [
        ({}, [IDLE], None),
        ({"body": "#article"}, [FILLED], "#article"),
        ({"body": "#article", "render_wait": ".text"}, [FILLED], ".text"),
        ({"render_click": "#more"},
         [("wait_for_load_state", ("load",)), ("evaluate", (CLICK_JS, "#more")), IDLE], None),
    ],
)  # fmt: skip
def test_render_meta(fields: dict[str, str], methods: list[Any], waited_for: str | None) -> None:
    source = Source(**BASE, render="browser", **fields)
    meta = render_meta(source, "js.example:8080", 5000)
    assert meta["playwright"] is True
    assert meta["playwright_context"] == "js.example:8080"  # one context per site
    assert meta["playwright_page_goto_kwargs"] == {
        "wait_until": "domcontentloaded",
        "timeout": 5000,
    }
    found = meta["playwright_page_methods"]
    assert [(m.method, m.args) for m in found] == methods
    assert all(m.kwargs.get("timeout") == 5000 for m in found if m.method != "evaluate")
    assert [m.kwargs["arg"] for m in found if m.method == "wait_for_function"] == (
        [waited_for] if waited_for else []
    )


@pytest.mark.parametrize(
    ("kind", "blocked"), [("image", True), ("font", True), ("media", True), ("script", False),
                          ("document", False), ("stylesheet", False), ("xhr", False)]
)  # fmt: skip
def test_heavy_resources_are_blocked(kind: str, blocked: bool) -> None:
    class Request:
        resource_type = kind

    assert browser.blocked(Request()) is blocked
