"""End to end: real crawls (subprocesses) of a site served on 127.0.0.1, into real files."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from helpers import newscrawl, python, rows

from newscrawl.crawl.lock import data_lock
from newscrawl.demo.server import SiteServer, default_site, serve_site

pytestmark = pytest.mark.e2e
DEMO_ARTICLES = 7  # rss.xml of the bundled site
DEMO_IMAGES_OK = 12  # one more image is referenced but missing on purpose


def snapshot(data: Path) -> dict[str, tuple[str, int]]:
    """Every file under `data` except the database: content hash and mtime."""
    return {
        str(p.relative_to(data)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(data.rglob("*"))
        if p.is_file() and not p.name.startswith(("archive.db", "crawl.lock"))
    }


def front_matter(post: Path) -> dict[str, object]:
    text = post.read_text(encoding="utf-8")
    return dict(yaml.safe_load(text.split("\n---\n", 2)[1]))


@pytest.fixture
def demo_server() -> Iterator[SiteServer]:
    with serve_site(default_site()) as server:
        yield server


def test_demo_command(tmp_path: Path) -> None:
    """The README's first command: crawl the bundled site, print a summary and a search."""
    data = tmp_path / "data"
    result = newscrawl("demo", "--data", str(data))
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"archived   {DEMO_ARTICLES} (new {DEMO_ARTICLES}" in result.stdout
    assert f"images     ok {DEMO_IMAGES_OK}, failed 1 (http_404 1)" in result.stdout
    assert "Excel" in result.stdout.split("sample search", 1)[1]
    assert len(list((data / "posts").rglob("*.md"))) == DEMO_ARTICLES


def test_crawl_archives_everything_and_twice_changes_nothing(
    tmp_path: Path, demo_server: SiteServer
) -> None:
    data = tmp_path / "data"
    feed = demo_server.url("/rss.xml")
    first = newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data))
    assert first.returncode == 0, first.stderr[-3000:]
    assert first.stdout.count("crawl finished in") == 1  # the summary, printed once

    db = data / "archive.db"
    posts = sorted((data / "posts").rglob("*.md"))
    assert len(posts) == DEMO_ARTICLES
    assert rows(db, "select count(*) from articles") == [(DEMO_ARTICLES,)]
    statuses = dict(rows(db, "select status, count(*) from images group by status"))
    assert statuses == {"downloaded": DEMO_IMAGES_OK, "failed": 1}
    for (path,) in rows(db, "select path from images where status = 'downloaded'"):
        assert (data / "images" / str(path)).stat().st_size > 0
    assert rows(db, "select error from images where status = 'failed'") == [("http_404",)]
    # every post names its article's GMT date and category path, and parses
    for post in posts:
        meta = front_matter(post)
        assert meta["categories"] == ["新媒体", "快科技（原驱动之家）", "最新新闻"]
        assert str(meta["date"]).endswith(" GMT")
    # FTS: an English word, a Chinese word of 3+ characters, a 2-character one
    for query in ("Excel", "发改委官网", "油价"):
        hits = newscrawl("search", query, "--json", "--data", str(data))
        assert hits.returncode == 0, (query, hits.stderr)
        assert hits.stdout.strip(), query

    before = snapshot(data)
    hits_before = sum(demo_server.hits.values())
    # --refresh: fetched again although archived (tests/e2e/test_incremental.py: without it)
    second = newscrawl("crawl", "mydrivers", "--entry", feed, "--refresh", "--data", str(data))
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"unchanged  {DEMO_ARTICLES}" in second.stdout
    assert "archived   0 (new 0, updated 0)" in second.stdout
    assert snapshot(data) == before  # same files, same bytes, not even rewritten
    assert rows(db, "select count(*) from articles") == [(DEMO_ARTICLES,)]
    assert sum(demo_server.hits.values()) > hits_before  # it really crawled again


def test_scrapy_crawl_takes_the_data_directory_lock(
    tmp_path: Path, demo_server: SiteServer
) -> None:
    data = tmp_path / "data"
    spider = (
        "-m", "scrapy", "crawl", "feed", "-a", "source=mydrivers",
        "-a", f"entry={demo_server.url('/rss.xml')}", "-s", f"NEWSCRAWL_DATA_DIR={data}",
    )  # fmt: skip
    with data_lock(data):  # a `newscrawl crawl` of the same data directory is running
        refused = python(*spider)
    assert refused.returncode != 0
    assert f"another crawl is using {data} (pid {os.getpid()}, since " in refused.stderr
    assert "not crawling (newscrawl crawl --wait SECONDS waits for it)" in refused.stderr
    assert not (data / "archive.db").exists()  # nothing started
    done = python(*spider)
    assert done.returncode == 0, done.stderr[-3000:]
    assert rows(data / "archive.db", "select count(*) from articles") == [(DEMO_ARTICLES,)]
    with data_lock(data):  # and gave it back when it ended
        pass


def test_unchanged_crawl_loads_only_what_it_needs(tmp_path: Path, demo_server: SiteServer) -> None:
    """A scheduled run of an unchanged source is mostly Python imports (benchmarks/incremental.py):
    no listening console or code server is even imported, and nothing that parses or checks
    content is loaded when the feed answers 304."""
    data, feed = tmp_path / "data", demo_server.url("/rss.xml")
    assert newscrawl("crawl", "mydrivers", "--entry", feed, "--data", str(data)).returncode == 0
    result = python("-X", "importtime", "-m", "newscrawl", "crawl", "mydrivers", "--entry", feed,
                 "--data", str(data))  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "skipped    1 (not_modified 1)" in result.stdout
    imported = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "scrapy.crawler" in imported  # the listing is real
    unwanted = {
        "scrapy.extensions.remote_control",  # an HTTP server that runs posted Python code
        "scrapy.extensions.telnet",
        "aiohttp.web",
        "feedparser",  # the feed was not modified: nothing to parse
        "PIL.Image",  # no image downloaded
        "trafilatura",
    }
    assert imported.isdisjoint(unwanted), imported & unwanted


IMPORT_CHECK = """
import inspect, sys, warnings
import scrapy.utils.deprecate
from newscrawl.crawl.process import import_download_handler

calls = []
real_stack = inspect.stack
inspect.stack = lambda *a, **k: calls.append(1) or real_stack(*a, **k)
import_download_handler()
inspect.stack = real_stack
from scrapy.core.downloader import contextfactory, tls

assert not calls, "inspect.stack() was called"
assert scrapy.utils.deprecate.inspect is inspect  # restored
for alias, module in [
    (contextfactory.ScrapyClientContextFactory, "scrapy.core.downloader.contextfactory"),
    (contextfactory.AcceptableProtocolsContextFactory, "scrapy.core.downloader.contextfactory"),
    (tls.ScrapyClientTLSOptions, "scrapy.core.downloader.tls"),
]:
    assert alias.__module__ == module, (alias, alias.__module__)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    class Sub(contextfactory.ScrapyClientContextFactory): pass
assert any("ScrapyClientContextFactory" in str(w.message) for w in caught)  # still deprecated
print("ok")
"""


def test_download_handler_import_skips_inspect_stack_with_the_same_result() -> None:
    """crawls.import_download_handler: Scrapy's deprecated TLS aliases get their module as
    inspect.stack() would give it, without inspect.stack() (a fresh interpreter: nothing of
    Scrapy's downloader imported yet)."""
    result = python("-c", IMPORT_CHECK)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "ok"


HOSTILE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="canonical" href="{{BASE}}/1/900/900001.htm"></head><body>
<div class="news_bt"><h1>"'"'""''</h1></div>
<div class="news_bt1"><div class="news_bt1_left">
<span class="date">2024-02-29 23:30:00</span></div></div>
<div class="news_info"><p onclick="steal()">正文第一段，含有事件处理器。</p>
<script>document.write('x')</script><p><a href="javascript:alert(1)">链接</a>
<img src="/img/767105-1.png" onerror="alert(2)"></p><iframe src="https://evil.example/"></iframe>
<p>{{ site.secret }} and {% raw %} stay text.</p></div></body></html>
"""
EMPTY_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<div class="news_bt"><h1>只有标题没有正文</h1></div><div class="news_info">  </div></body></html>
"""


@pytest.fixture
def faulty_site(tmp_path: Path) -> Path:
    """The demo site plus a hostile page, an empty page and items that fail in every way."""
    site = tmp_path / "site"
    shutil.copytree(default_site(), site)
    (site / "1" / "900").mkdir()
    (site / "1" / "900" / "900001.htm").write_text(HOSTILE_PAGE, encoding="utf-8")
    (site / "1" / "900" / "900002.htm").write_text(EMPTY_PAGE, encoding="utf-8")
    extra = [
        "{{BASE}}/1/900/900001.htm",
        "{{BASE}}/1/900/900002.htm",
        "{{BASE}}/1/404/404404.htm",
        "{{BASE}}/_status/500?u=/1/500/500500.htm",
        "{{BASE}}/_slow/30?u=/1/408/408408.htm",
    ]
    # the feed's title wins for this source (as in the samples): the all-quotes one is here
    titles = ["&quot;'&quot;'&quot;&quot;''"] + [f"t{i}" for i in range(1, len(extra))]
    items = "".join(
        f"<item><title>{t}</title><link>{u}</link></item>"
        for t, u in zip(titles, extra, strict=True)
    )
    rss = (site / "rss.xml").read_text(encoding="utf-8")
    (site / "rss.xml").write_text(rss.replace("<item>", items + "<item>", 1), encoding="utf-8")
    return site


def test_bad_input_is_counted_logged_and_loses_nothing(tmp_path: Path, faulty_site: Path) -> None:
    data = tmp_path / "data"
    with serve_site(faulty_site) as server:
        result = python(
            "-m", "scrapy", "crawl", "feed",
            "-a", "source=mydrivers", "-a", f"entry={server.url('/rss.xml')}",
            "-s", f"NEWSCRAWL_DATA_DIR={data}", "-s", "DOWNLOAD_TIMEOUT=2",
            "-s", "RETRY_TIMES=0", "-s", "AUTOTHROTTLE_ENABLED=False",
        )  # fmt: skip
    log = result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "failed " + server.url("/1/404/404404.htm") + ": http_404" in log
    assert "http_500" in log
    assert ": timeout" in log
    assert "newscrawl/failed/http_404': 1" in log
    assert "newscrawl/failed/http_500': 1" in log
    assert "newscrawl/failed/timeout': 1" in log
    assert "newscrawl/dropped/no_body': 1" in log
    assert "sanitized " + server.url("/1/900/900001.htm") in log
    _check_faulty_archive(data / "archive.db", server.url("/1/900/900002.htm"))
    _check_hostile_post(data / "posts")


def _check_faulty_archive(db: Path, empty_page: str) -> None:
    # all 7 good articles plus the hostile one (cleaned) are archived; nothing else
    assert rows(db, "select count(*) from articles") == [(DEMO_ARTICLES + 1,)]
    # the empty page is remembered (not fetched again for a day); failures are asked for again
    remembered = rows(
        db, "select url, next_visit > last_visit from visits where article_url is null"
    )
    assert remembered == [(empty_page, 1)]
    (body, title) = rows(db, "select body_html, title from articles where url like '%900001%'")[0]
    for bad in ("<script", "onclick", "onerror", "javascript:", "<iframe"):
        assert bad not in str(body)
    assert "正文第一段" in str(body)
    assert 'referrerpolicy="no-referrer"' in str(body)
    assert title == "\"'\"'\"\"''"
    gbk = rows(db, "select title, body_text from articles where url like '%805462%'")
    assert gbk
    assert "\ufffd" not in str(gbk[0][0]) + str(gbk[0][1])


def _check_hostile_post(posts: Path) -> None:
    post = next(p for p in posts.rglob("*.md") if p.name.startswith("\"'"))
    assert front_matter(post)["title"] == "\"'\"'\"\"''"
    text = post.read_text(encoding="utf-8")
    assert "{{" not in text
    assert "{%" not in text
    assert "&#123;&#123; site.secret &#125;&#125;" in text
    assert front_matter(post)["date"] == "Thu, 29 Feb 2024 15:30:00 GMT"  # Beijing time, converted
