"""Network faults, end to end: one real crawl (a subprocess) of a feed whose items each hit a
fault route of the local server, next to the demo site's good articles. Every fault must end as
a counted outcome and one log line naming its URL and reason; every good article is archived.
"""

from __future__ import annotations

import itertools
import re
import resource
import shutil
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import python, rows
from scrapy import exceptions
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error
from twisted.python.failure import Failure
from twisted.web.client import ResponseFailed

from newscrawl.demo.server import SiteServer, default_site, serve_site
from newscrawl.downloadermiddlewares.retry import retry_after
from newscrawl.failures import RedirectLoop, TooLargeDecoded, TooManyRedirects, failure_reason
from newscrawl.spiders.base import page_problem

pytestmark = pytest.mark.e2e
DEMO_ARTICLES = 7
RETRIES = 2
BACKOFF = 0.2  # seconds before the first retry, doubled for the next
TIMEOUT = 2  # DOWNLOAD_TIMEOUT: a 32 MB download must fit in it on a busy machine
MAX_DELAY = 5  # NEWSCRAWL_RETRY_MAX_DELAY
RETRY_AFTER = 1  # what the 429 route asks for
# A retry must not leave before its wait; how late it may leave is only a "not stuck" bound: a
# loaded machine (CI beside other jobs) holds the crawl's thread for seconds at a time.
LATE = 5.0

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="news_bt"><h1>{title}</h1></div>
<div class="news_bt1"><div class="news_bt1_left"><span class="date">2024-03-01 10:00:00</span>
</div></div><div class="news_info"><p>{title}：正文第一段。</p>{extra}</div></body></html>
"""

# feed item -> the fault it meets; `?u=...` makes a route look like an article link
FAULTS = {
    "404": "/1/404/404404.htm",
    "410": "/_status/410?u=/1/410/1.htm",
    "403": "/_status/403?u=/1/403/1.htm",
    "500": "/_status/500?u=/1/500/1.htm",
    "503": "/_status/503?u=/1/503/1.htm",
    "429": f"/_429/{RETRIES}/{RETRY_AFTER}/1/950/950001.htm",
    "429_too_long": "/_429/1/3600/1/950/950002.htm",
    "reset": "/_reset?u=/1/1/1.htm",
    "drip": "/_drip/0.1?u=/1/2/2.htm",
    "loop": "/_loop/0?u=/1/3/3.htm",
    "chain": "/_chain/0?u=/1/4/4.htm",
    "empty": "/_empty?u=/1/5/5.htm",
    "binary": "/_type/text/html/img/767105-1.png?u=/1/6/6.htm",
    "big": "/_big/50?u=/1/7/7.htm",
    "big_announced": "/_big/50/announced?u=/1/8/8.htm",
    "gzip_bomb": "/_gzip/1024?u=/1/9/9.htm",
    "octet_stream": "/_type/application/octet-stream/1/950/950003.htm",
    "jpeg_type": "/_type/image/jpeg/1/950/950004.htm",
    "image_is_html": "/1/950/950005.htm",
    "duplicate": "/1/950/950005.htm",  # the same link twice in one feed
}
HTML_IMAGE = "/_type/image/jpeg/index.html"  # the demo's home page, served as a JPEG


@dataclass
class Crawl:
    server: SiteServer
    log: str
    data: Path

    def url(self, fault: str) -> str:
        return self.server.url(FAULTS[fault])

    def stat(self, key: str) -> int:
        found = re.search(rf"'newscrawl/{re.escape(key)}': (\d+)", self.log)
        return int(found.group(1)) if found else 0

    def lines(self, fault: str) -> list[str]:
        """Log lines naming this fault's URL at WARNING or ERROR."""
        url = self.url(fault)
        return [
            line
            for line in self.log.splitlines()
            if url in line and re.search(r"\] (WARNING|ERROR):", line)
        ]

    def outcome(self, fault: str) -> str:
        """The one newscrawl line about this URL, from `failed`/`dropped` on."""
        mine = [line for line in self.lines(fault) if "[newscrawl." in line]
        assert len(mine) == 1, mine
        return mine[0].split("]", 1)[1].split(": ", 1)[1]

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        return rows(self.data / "archive.db", sql)


def faulty_site(root: Path) -> Path:
    site = root / "site"
    shutil.copytree(default_site(), site)
    (site / "1" / "950").mkdir()
    for number in range(1, 6):
        extra = f'<p><img src="{{{{BASE}}}}{HTML_IMAGE}"></p>' if number == 5 else ""
        page = PAGE.format(title=f"故障测试文章{number}", extra=extra)
        (site / "1" / "950" / f"95000{number}.htm").write_text(page, encoding="utf-8")
    items = "".join(
        f"<item><title>fault {name}</title><link>{{{{BASE}}}}{path}</link></item>".replace(
            "&", "&amp;"
        )
        for name, path in FAULTS.items()
    )
    rss = (site / "rss.xml").read_text(encoding="utf-8")
    (site / "rss.xml").write_text(rss.replace("<item>", items + "<item>", 1), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    root = tmp_path_factory.mktemp("faults")
    data = root / "data"
    with serve_site(faulty_site(root)) as server:
        result = python(
            "-m", "scrapy", "crawl", "feed",
            "-a", "source=mydrivers", "-a", f"entry={server.url('/rss.xml')}",
            "-s", f"NEWSCRAWL_DATA_DIR={data}",
            "-s", f"DOWNLOAD_TIMEOUT={TIMEOUT}",
            "-s", f"RETRY_TIMES={RETRIES}",
            "-s", f"NEWSCRAWL_RETRY_BACKOFF={BACKOFF}",
            "-s", f"NEWSCRAWL_RETRY_MAX_DELAY={MAX_DELAY}",
            "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
            "-s", "CONCURRENT_REQUESTS=32",
            timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        yield Crawl(server, result.stderr, data)


def gaps(times: list[float]) -> list[float]:
    return [b - a for a, b in itertools.pairwise(times)]


@pytest.mark.parametrize("status", [404, 410, 403])
def test_4xx_fails_at_once(crawl: Crawl, status: int) -> None:
    assert crawl.stat(f"failed/http_{status}") == 1
    assert crawl.outcome(str(status)) == f"failed {crawl.url(str(status))}: http_{status}"
    assert len(crawl.lines(str(status))) == 1  # no "Ignoring response", no "Gave up retrying"
    path = FAULTS[str(status)].split("?")[0]
    assert crawl.server.hits[path] == 1  # a 4xx is not retried


@pytest.mark.parametrize("status", [500, 503])
def test_5xx_fails_after_retries_with_backoff(crawl: Crawl, status: int) -> None:
    assert crawl.stat(f"failed/http_{status}") == 1
    expected = f"failed {crawl.url(str(status))}: http_{status} after {RETRIES} retries"
    assert crawl.outcome(str(status)) == expected
    assert len(crawl.lines(str(status))) == 1
    times = crawl.server.times[f"/_status/{status}"]
    assert len(times) == 1 + RETRIES
    for n, gap in enumerate(gaps(times)):
        assert BACKOFF * 2**n <= gap < BACKOFF * 2**n + LATE  # waited, doubling, not stuck


def test_429_waits_as_told_then_succeeds(crawl: Crawl) -> None:
    times = crawl.server.times[FAULTS["429"]]
    assert len(times) == RETRIES + 1  # two 429s, then the page
    for gap in gaps(times):
        assert RETRY_AFTER <= gap < RETRY_AFTER + LATE  # Retry-After, not the 0.2s backoff
    assert crawl.stat("failed/http_429") == 1  # only the one asking for an hour, below
    assert crawl.lines("429") == []
    title = crawl.rows("select title from articles where url like '%/_429/%950001.htm'")
    assert title == [("fault 429",)]


def test_429_asking_for_too_long_is_not_retried(crawl: Crawl) -> None:
    assert crawl.server.hits[FAULTS["429_too_long"]] == 1
    assert crawl.stat("retry/refused_retry_after") == 1
    assert crawl.outcome("429_too_long") == f"failed {crawl.url('429_too_long')}: http_429"
    assert f"not retrying {crawl.url('429_too_long')}: 429 asks for 3600s" in crawl.log


def test_connection_reset(crawl: Crawl) -> None:
    assert crawl.server.hits["/_reset"] == 1 + RETRIES
    assert crawl.stat("failed/connection_lost") == 1
    outcome = crawl.outcome("reset")
    assert outcome.startswith(f"failed {crawl.url('reset')}: connection_lost after 2 retries (")
    assert "Connection to the other side was lost" in outcome


def test_slow_drip_ends_as_timeout(crawl: Crawl) -> None:
    assert crawl.server.hits["/_drip/0.1"] == 1 + RETRIES
    assert crawl.stat("failed/timeout") == 1
    outcome = crawl.outcome("drip")
    assert outcome.startswith(f"failed {crawl.url('drip')}: timeout after 2 retries")
    assert f"took longer than {TIMEOUT}" in outcome


def test_redirect_loop_is_caught_when_it_closes(crawl: Crawl) -> None:
    assert crawl.stat("failed/redirect_loop") == 1
    assert crawl.server.hits["/_loop/0"] == 1
    assert crawl.server.hits["/_loop/1"] == 1
    expected = f"failed {crawl.url('loop')}: redirect_loop ("
    assert crawl.outcome("loop").startswith(expected)


def test_endless_redirects_end_at_the_limit(crawl: Crawl) -> None:
    assert crawl.stat("failed/too_many_redirects") == 1
    assert crawl.server.hits["/_chain/20"] == 1
    assert crawl.server.hits["/_chain/21"] == 0  # REDIRECT_MAX_TIMES = 20
    assert crawl.outcome("chain").startswith(f"failed {crawl.url('chain')}: too_many_redirects")


def test_empty_body_is_dropped(crawl: Crawl) -> None:
    assert crawl.stat("dropped/empty_body") == 1
    assert crawl.outcome("empty") == f"dropped {crawl.url('empty')}: empty_body"


def test_binary_body_served_as_html_is_dropped(crawl: Crawl) -> None:
    assert crawl.stat("dropped/not_html") == 1
    assert crawl.outcome("binary") == f"dropped {crawl.url('binary')}: not_html"


@pytest.mark.parametrize("fault", ["big", "big_announced"])
def test_50_mb_page_is_dropped_at_download_maxsize(crawl: Crawl, fault: str) -> None:
    assert crawl.stat("dropped/too_large") == 2  # this one and its twin
    outcome = crawl.outcome(fault)
    assert outcome.startswith(f"dropped {crawl.url(fault)}: too_large")
    if fault == "big_announced":  # refused on its Content-Length, before any byte of body
        assert "Expected to receive 52428800 bytes" in outcome


def test_gzip_bomb_is_dropped_while_decoding(crawl: Crawl) -> None:
    assert crawl.stat("dropped/too_large_decoded") == 1
    outcome = crawl.outcome("gzip_bomb")
    assert outcome.startswith(f"dropped {crawl.url('gzip_bomb')}: too_large_decoded (")
    assert "exceeded DOWNLOAD_MAXSIZE (33554432 B)" in outcome
    # Decoding stopped at the limit: the crawl never held the decoded gigabyte (Linux: KiB).
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 600 * 1024


@pytest.mark.parametrize(
    ("fault", "served_as"),
    [("octet_stream", "application/octet-stream"), ("jpeg_type", "image/jpeg")],
)
def test_html_page_with_a_wrong_content_type_is_archived(
    crawl: Crawl, fault: str, served_as: str
) -> None:
    assert crawl.stat("read_as_html") == 2
    assert crawl.outcome(fault) == f"read {crawl.url(fault)} as HTML although served as {served_as}"
    number = FAULTS[fault][-5]
    body = crawl.rows(f"select body_text from articles where url like '%95000{number}.htm'")
    assert f"故障测试文章{number}：正文第一段。" in str(body[0][0])


def test_image_that_is_html_fails_and_the_article_stays(crawl: Crawl) -> None:
    image = crawl.server.url(HTML_IMAGE)
    assert f"image {image} failed: not_an_image" in crawl.log
    assert crawl.stat("images/failed/not_an_image") == 1
    assert crawl.rows("select status, error from images where url like '%/_type/image/jpeg/%'") == [
        ("failed", "not_an_image")
    ]
    assert crawl.rows("select title from articles where url like '%950005.htm'") == [
        ("fault image_is_html",)
    ]


def test_a_duplicate_request_is_counted_not_lost(crawl: Crawl) -> None:
    assert crawl.stat("skipped/duplicate") == 1
    assert f"skipped {crawl.url('duplicate')}: already requested in this crawl" in crawl.log
    assert crawl.server.hits[FAULTS["duplicate"]] == 1


def test_the_summary_counts_every_fault(crawl: Crawl) -> None:
    summary = crawl.log.split("INFO: summary\n", 1)[1]
    assert "  dropped    5 (empty_body 1, not_html 1, too_large 2, too_large_decoded 1)" in summary
    assert (
        "  failed     10 (connection_lost 1, http_403 1, http_404 1, http_410 1, http_429 1, "
        "http_500 1, http_503 1, redirect_loop 1, timeout 1, too_many_redirects 1)"
    ) in summary
    assert "  skipped    1 (duplicate 1)" in summary
    assert "  images     ok 12, failed 2 (http_404 1, not_an_image 1)" in summary


def test_every_good_article_is_archived(crawl: Crawl) -> None:
    archived = DEMO_ARTICLES + 4  # the demo's, the 429 one after waiting, two mislabeled, image
    assert crawl.rows("select count(*) from articles") == [(archived,)]
    assert crawl.stat("archived/new") == archived
    assert "Traceback" not in crawl.log
    assert "Gave up retrying" not in crawl.log
    assert "Ignoring response" not in crawl.log


# The pure parts, on tables.

UTF16_PAGE = "\ufeff<!DOCTYPE html><html><body><p>一二三 中文</p></body></html>"


@pytest.mark.parametrize(
    ("body", "content_type", "problem"),
    [
        (b"", "text/html", "empty_body"),
        (b" \r\n\t ", "text/html; charset=utf-8", "empty_body"),
        ((default_site() / "img" / "767105-1.png").read_bytes(), "text/html", "not_html"),
        (zlib.compress(b"<p>x</p>" * 100) * 3, "text/html", "not_html"),  # bytes, no magic
        (b"\x01\x02\x03\x04 binary junk \x05\x06\x07\x08\x0e\x0f", "text/html", "not_html"),
        (b"%PDF-1.7 <html>", "application/pdf", "not_html"),
        (b"plain words, no markup", "text/plain", "not_html"),
        (b"plain words, no markup", "text/html", None),  # extraction decides (no title)
        (b"<html><body><p>x</p></body></html>", "image/jpeg", None),
        (b"<!doctype html><title>x</title>", "application/octet-stream", None),
        (b"<div class=a>x</div>", None, None),
        (UTF16_PAGE.encode("utf-16"), "text/html", None),  # with a BOM, and 一 is U+4E00
        (UTF16_PAGE[1:].encode("utf-16-le"), "text/html", None),
        (UTF16_PAGE[1:].encode("utf-16-be"), "application/octet-stream", None),
        ("<p>中文\x1b$B</p>".encode("gbk"), "text/html", None),
    ],
)
def test_page_problem(body: bytes, content_type: str | None, problem: str | None) -> None:
    assert page_problem(body, content_type) == problem


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        (b"1", 1.0),
        (b" 120 ", 120.0),
        (b"1.5", 1.5),
        (b"Mon, 01 Jan 2024 00:00:30 GMT", 30.0),
        (b"Sun, 31 Dec 2023 23:00:00 GMT", 0.0),  # in the past: retry now
        (b"-1", None),
        (b"nan", None),
        (b"soon", None),
        (b"", None),
        (None, None),
    ],
)
def test_retry_after(header: bytes | None, seconds: float | None) -> None:
    assert retry_after(header, now=datetime(2024, 1, 1, tzinfo=UTC)) == seconds


def _http_error(status: int) -> Exception:
    return HttpError(Response("http://x/", status=status))


@pytest.mark.parametrize(
    ("exception", "reason"),
    [
        (_http_error(404), "http_404"),
        (exceptions.DownloadTimeoutError("took longer"), "timeout"),
        (error.TimeoutError(), "timeout"),
        (exceptions.CannotResolveHostError("x"), "dns"),
        (exceptions.DownloadConnectionRefusedError("x"), "connection_refused"),
        (exceptions.DownloadFailedError("x"), "connection_lost"),
        (ResponseFailed([Failure(error.ConnectionLost())]), "connection_lost"),
        (exceptions.ResponseDataLossError(), "truncated"),
        (exceptions.DownloadCancelledError(), "too_large"),
        (TooLargeDecoded("x"), "too_large_decoded"),
        (TooManyRedirects("x"), "too_many_redirects"),
        (RedirectLoop("x"), "redirect_loop"),
        (exceptions.IgnoreRequest("Forbidden by robots.txt"), "robots_txt"),
        (ValueError("x"), "ValueError"),
    ],
)
def test_failure_reason(exception: Exception, reason: str) -> None:
    assert failure_reason(Failure(exception)) == reason
