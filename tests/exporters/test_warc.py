"""Kept responses and `newscrawl export warc`: real crawls (subprocesses) of the bundled demo
site on 127.0.0.1 with --keep-responses, the WARC file read back with warcio, the responses
written in the article's batch transaction, and export streaming in bounded memory."""

from __future__ import annotations

import asyncio
import gzip
import http.server
import io
import json
import shutil
import sqlite3
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

import pytest
from click.testing import CliRunner
from helpers import Counting, article, newscrawl
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from newscrawl.archive.store import Archive
from newscrawl.archive.visits import visit_rows
from newscrawl.cli import main
from newscrawl.demo.server import PLACEHOLDER, SiteServer, default_site, serve_site
from newscrawl.exporters.warc import response_headers, response_rows, write_warc
from newscrawl.items import Article, ImageResult, KeptResponse

DEMO_ARTICLES = 7  # rss.xml of the bundled site
FETCHED = datetime(2024, 5, 1, 8, 0, 0, 250_000, tzinfo=UTC)


def count(db: Path, table: str = "responses") -> int:
    with closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(f"select count(*) from {table}").fetchone()[0])


def served(site: Path, server: SiteServer, url: str) -> bytes:
    """What the demo server sends for an article URL: the file, {{BASE}} replaced."""
    path = site / url.removeprefix(server.base_url + "/")
    return path.read_bytes().replace(PLACEHOLDER, server.base_url.encode())


def records(warc: Path) -> list[tuple[ArcWarcRecord, bytes]]:
    """Every record of `warc` with its payload, digests checked (a mismatch raises)."""
    found = []
    with warc.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests="raise"):
            found.append((record, record.content_stream().read()))
    return found


def export_warc(data: Path, out: Path, *options: str) -> None:
    result = CliRunner().invoke(
        main, ["export", "warc", "--out", str(out), *options, "--data", str(data)]
    )
    assert result.exit_code == 0, result.output


# --- a real crawl with --keep-responses, exported and read back -------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, SiteServer]]:
    """A copy of the demo site (a test edits a page), served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(default_site(), root)
    with serve_site(root) as server:
        yield root, server


@pytest.fixture(scope="module")
def kept(site: tuple[Path, SiteServer], tmp_path_factory: pytest.TempPathFactory) -> Path:
    _, server = site
    data = tmp_path_factory.mktemp("kept") / "data"
    result = newscrawl(
        "crawl", "mydrivers", "--entry", server.url("/rss.xml"), "--keep-responses",
        "--data", str(data),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return data


@pytest.mark.e2e
def test_every_archived_article_is_one_response_record_of_the_served_bytes(
    site: tuple[Path, SiteServer], kept: Path, tmp_path: Path
) -> None:
    root, server = site
    out = tmp_path / "crawl.warc.gz"
    export_warc(kept, out)
    found = records(out)
    assert found[0][0].rec_type == "warcinfo"
    assert b"software: newscrawl/" in found[0][1]
    responses = {
        r.rec_headers["WARC-Target-URI"]: (r, body) for r, body in found if r.rec_type == "response"
    }
    requests = [r for r, _ in found if r.rec_type == "request"]
    with closing(sqlite3.connect(kept / "archive.db")) as conn:
        archived = dict(conn.execute("select fetched_url, fetched_at from articles"))
    assert len(archived) == DEMO_ARTICLES
    assert set(responses) == set(archived)
    for url, (record, payload) in responses.items():
        assert payload == served(root, server, url)  # the GBK page's bytes too, undecoded
        assert record.http_headers.get_statuscode() == "200"
        assert record.http_headers["Content-Type"].startswith("text/html")
        assert record.http_headers["Content-Length"] == str(len(payload))
        assert record.http_headers["Etag"]
        assert record.http_headers["Date"]
        assert record.rec_headers["WARC-IP-Address"] == "127.0.0.1"
        fetched = datetime.fromisoformat(archived[url])
        assert record.rec_headers["WARC-Date"] == fetched.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert len(requests) == DEMO_ARTICLES
    ids = {url: r.rec_headers["WARC-Record-ID"] for url, (r, _) in responses.items()}
    for request in requests:
        url = request.rec_headers["WARC-Target-URI"]
        assert request.rec_headers["WARC-Concurrent-To"] == ids[url]
        assert request.http_headers.protocol == "GET"
        assert request.http_headers["Host"] == server.base_url.removeprefix("http://")
        assert request.http_headers["User-Agent"].startswith("newscrawl/")
        assert request.http_headers["Referer"] == server.url("/rss.xml")


@pytest.mark.e2e
def test_an_unchanged_refetch_adds_nothing_and_a_revision_adds_its_response(
    site: tuple[Path, SiteServer], kept: Path, tmp_path: Path
) -> None:
    root, server = site
    db = kept / "archive.db"
    crawl = ("crawl", "mydrivers", "--entry", server.url("/rss.xml"), "--refresh")
    again = newscrawl(*crawl, "--keep-responses", "--data", str(kept))
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"unchanged  {DEMO_ARTICLES}" in again.stdout
    assert count(db) == DEMO_ARTICLES

    page = root / "1/838/838046.htm"
    page.write_bytes(page.read_bytes().replace("TCL华星".encode(), "TCL 华星".encode()))
    revised = newscrawl(*crawl, "--keep-responses", "--data", str(kept))
    assert revised.returncode == 0, revised.stderr[-3000:]
    assert "updated 1" in revised.stdout
    assert count(db) == DEMO_ARTICLES + 1

    out = tmp_path / "source.warc.gz"
    export_warc(kept, out, "--source", "mydrivers")
    url = server.url("/1/838/838046.htm")
    versions = [
        body for r, body in records(out)
        if r.rec_type == "response" and r.rec_headers["WARC-Target-URI"] == url
    ]  # fmt: skip
    assert len(versions) == 2
    assert versions[1] == served(root, server, url)
    assert "TCL 华星".encode() not in versions[0]
    export_warc(kept, tmp_path / "none.warc.gz", "--source", "nosuchsource")
    assert [r.rec_type for r, _ in records(tmp_path / "none.warc.gz")] == ["warcinfo"]


@pytest.mark.e2e
def test_the_redirects_before_an_article_are_kept_as_their_own_exchanges(tmp_path: Path) -> None:
    root, data, out = tmp_path / "site", tmp_path / "data", tmp_path / "moved.warc.gz"
    shutil.copytree(default_site(), root)
    feed = root / "rss.xml"
    article = "/1/767/767105.htm"
    moved = "/_moved/_moved" + article  # 301 -> 301 -> the page
    feed.write_text(
        feed.read_text(encoding="utf-8").replace("{{BASE}}" + article, "{{BASE}}" + moved),
        encoding="utf-8",
    )
    with serve_site(root) as server:
        result = newscrawl(
            "crawl", "mydrivers", "--entry", server.url("/rss.xml"), "--keep-responses",
            "--data", str(data),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        export_warc(data, out)
        page = served(root, server, server.url(article))
    assert count(data / "archive.db") == DEMO_ARTICLES + 2
    exchange = [
        (r.rec_type, r.rec_headers["WARC-Target-URI"], r.http_headers, body)
        for r, body in records(out)
        if r.rec_type != "warcinfo" and r.rec_headers["WARC-Target-URI"].endswith(article)
    ]
    hops = [server.url(moved), server.url("/_moved" + article), server.url(article)]
    # each exchange in the order it happened: response, then its request
    assert [(kind, url) for kind, url, _, _ in exchange] == [
        (kind, url) for url in hops for kind in ("response", "request")
    ]
    responses = [(http, body) for kind, _, http, body in exchange if kind == "response"]
    assert [http.get_statuscode() for http, _ in responses] == ["301", "301", "200"]
    assert responses[0][0]["Location"] == "/_moved" + article
    assert responses[1][0]["Location"] == article
    assert responses[2][1] == page


@pytest.mark.e2e
def test_without_the_flag_nothing_is_kept(site: tuple[Path, SiteServer], tmp_path: Path) -> None:
    _, server = site
    data = tmp_path / "data"
    result = newscrawl("crawl", "mydrivers", "--entry", server.url("/rss.xml"), "--data", str(data))
    assert result.returncode == 0, result.stderr[-3000:]
    assert count(data / "archive.db", "articles") == DEMO_ARTICLES
    assert count(data / "archive.db") == 0
    refused = CliRunner().invoke(
        main, ["export", "warc", "--out", str(tmp_path / "a.warc.gz"), "--data", str(data)]
    )
    assert refused.exit_code == 1
    assert "no archived responses" in refused.output
    assert "--keep-responses" in refused.output


# --- a gzipped, chunked response: the record is consistent with the stored identity body -----


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """Demo pages gzipped, sent chunked (no Content-Length) or with the gzip's length."""

    protocol_version = "HTTP/1.1"
    root: ClassVar[Path]
    base: ClassVar[str]

    def do_GET(self) -> None:
        path, _, query = self.path.partition("?")
        file = self.root / path.lstrip("/")
        if not file.is_file() or file.suffix != ".htm":
            self.send_error(404)
            return
        packed = gzip.compress(file.read_bytes().replace(PLACEHOLDER, self.base.encode()))
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        if query == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(packed), 1000):
                chunk = packed[start : start + 1000]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(packed)))
            self.end_headers()
            self.wfile.write(packed)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def gzip_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), GzipHandler)
    GzipHandler.root = default_site()
    GzipHandler.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield GzipHandler.base
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.e2e
@pytest.mark.parametrize("query", ["chunked", "sized"])
def test_a_gzipped_response_is_written_decoded_and_consistent(
    gzip_server: str, tmp_path: Path, query: str
) -> None:
    data = tmp_path / "data"
    url = f"{gzip_server}/1/767/767105.htm?{query}"
    result = newscrawl(
        "fetch", url, "--source", "mydrivers", "--keep-responses", "--data", str(data)
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = tmp_path / "one.warc"  # uncompressed WARC: the name says so
    export_warc(data, out)
    assert out.read_bytes().startswith(b"WARC/1.0\r\n")
    [(record, payload)] = [(r, p) for r, p in records(out) if r.rec_type == "response"]
    page = (default_site() / "1/767/767105.htm").read_bytes()
    assert payload == page.replace(PLACEHOLDER, gzip_server.encode())
    headers = record.http_headers
    assert headers["Content-Encoding"] is None  # Scrapy decoded the body and removed it
    assert headers["Transfer-Encoding"] is None
    assert headers["Content-Length"] == str(len(payload))
    original = headers["X-Archive-Orig-Content-Length"]
    if query == "chunked":  # Twisted de-chunked it and left no Transfer-Encoding header
        assert original is None
    else:  # the gzip's length, as received
        assert int(original) < len(payload)


@pytest.mark.parametrize(
    ("received", "written"),
    [
        ([["Content-Length", "5"]], [("Content-Length", "5")]),
        ([["Server", "x"]], [("Server", "x"), ("Content-Length", "5")]),
        (
            [["Content-Length", "3"], ["Etag", "e"]],
            [("X-Archive-Orig-Content-Length", "3"), ("Etag", "e"), ("Content-Length", "5")],
        ),
        (
            [["Transfer-Encoding", "chunked"]],
            [("X-Archive-Orig-Transfer-Encoding", "chunked"), ("Content-Length", "5")],
        ),
        # Left by Scrapy when it could not decode: the body still has that coding.
        (
            [["Content-Encoding", "x-unknown"]],
            [("Content-Encoding", "x-unknown"), ("Content-Length", "5")],
        ),
    ],
)
def test_response_headers(received: list[list[str]], written: list[tuple[str, str]]) -> None:
    assert response_headers(received, 5) == written


# --- the archive: responses in the article's batch transaction ------------------------------


def kept_response(n: int, body: bytes, fetched: datetime = FETCHED) -> KeptResponse:
    return KeptResponse(
        url=f"https://news.example/{n}.htm", status=200,
        request_headers=[("User-Agent", "newscrawl/test")],
        response_headers=[("Content-Type", "text/html; charset=utf-8")],
        body=body, fetched_at=fetched, ip_address="192.0.2.1",
    )  # fmt: skip


def kept_article(n: int, body: str = "", fetched: datetime = FETCHED) -> Article:
    """Article `n` with its page's response kept, as NEWSCRAWL_KEEP_RESPONSES archives it."""
    html = f"<p>{body or f'Article {n}'}</p>"
    page = f"<html><body>{html}</body></html>".encode()
    return article(
        n, body_html=html, body_text=body, fetched_at=fetched,
        response=kept_response(n, page, fetched),
    )  # fmt: skip


def refuse(db: Path, table: str) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute(
            f"create trigger refuse before insert on {table} begin select raise(abort, 'no'); end"
        )


def allow(db: Path) -> None:
    with closing(sqlite3.connect(db)) as conn:
        conn.execute("drop trigger refuse")


@pytest.mark.parametrize("table", ["responses", "visits", "images"])
def test_a_failed_batch_written_behind_keeps_articles_and_responses_together(
    tmp_path: Path, table: str
) -> None:
    """Whichever statement of the batch fails (the responses' own, or one after them),
    neither the articles nor their responses are written; both are kept and written later."""
    db = tmp_path / "a.db"
    archive = Archive(db, batch_size=2)
    refuse(db, table)
    first = kept_article(1)
    first.image_results = [ImageResult("https://i.example/1.jpg", "failed")]
    archive.add(first, None, visit_rows(first, None))
    archive.add(kept_article(2), None)  # the batch is written behind now
    with pytest.raises(sqlite3.IntegrityError):
        archive.flush()
    assert (count(db, "articles"), count(db)) == (0, 0)
    allow(db)
    archive.close()
    assert (count(db, "articles"), count(db)) == (2, 2)


def test_a_failed_flush_writes_neither(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with Archive(db, batch_size=10) as archive:
        archive.add(kept_article(1), None)
        refuse(db, "responses")
        with pytest.raises(sqlite3.IntegrityError):
            archive.flush()
        assert (count(db, "articles"), count(db)) == (0, 0)
        allow(db)
    assert (count(db, "articles"), count(db)) == (1, 1)


def test_unchanged_adds_nothing_revised_adds_one_and_a_first_kept_response_is_kept(
    tmp_path: Path,
) -> None:
    db = tmp_path / "a.db"
    later = FETCHED + timedelta(days=1)
    with Archive(db) as archive:
        assert archive.add(kept_article(1), None) == "new"
        assert archive.add(kept_article(1, fetched=later), None) == "unchanged"  # same batch
    with Archive(db) as archive:
        assert archive.add(kept_article(1, fetched=later + timedelta(1)), None) == "unchanged"
        assert (
            archive.add(kept_article(1, "changed", fetched=later + timedelta(2)), None) == "updated"
        )
        unkept = kept_article(2)
        unkept.response = None  # archived before responses were kept
        assert archive.add(unkept, None) == "new"
    assert count(db) == 2
    with Archive(db) as archive:
        assert archive.add(kept_article(2, fetched=later), None) == "unchanged"
        assert archive.add(kept_article(2, fetched=later + timedelta(1)), None) == "unchanged"
    assert count(db) == 3
    with closing(sqlite3.connect(db)) as conn:
        row = conn.execute("select * from responses where article_url like '%/2.htm'").fetchone()
    assert row is not None


def test_a_damaged_body_is_refused_with_its_url_and_no_file_is_left(tmp_path: Path) -> None:
    data = tmp_path / "data"
    with Archive(data / "archive.db") as archive:
        archive.add(kept_article(1), None)
    with closing(sqlite3.connect(data / "archive.db")) as conn:
        conn.execute("update responses set body = x'00112233'")
        conn.commit()
    out = tmp_path / "a.warc.gz"
    result = CliRunner().invoke(main, ["export", "warc", "--out", str(out), "--data", str(data)])
    assert result.exit_code == 1
    assert "https://news.example/1.htm" in result.output
    assert "damaged" in result.output
    assert not out.exists()
    assert not list(tmp_path.glob("*.part"))


# --- streaming ------------------------------------------------------------------------------

BIG = 200_000  # bytes of body per response


class Sink(io.RawIOBase):
    """Keeps nothing; notes how many rows had been read at each write."""

    def __init__(self, rows: Counting) -> None:
        self.rows, self.seen = rows, set()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.seen.add(self.rows.read)
        return len(data)


def test_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    db = tmp_path / "big.db"
    with Archive(db, batch_size=20) as archive:
        for n in range(150):  # 30 MB of bodies: far more than the bound below
            page = kept_article(n)
            assert page.response is not None
            page.response.body = (b"<p>%d</p>" % n) * (BIG // 8)
            archive.add(page, None)
    with Archive(db) as archive:
        rows = Counting(response_rows(archive.db))
        sink = Sink(rows)
        tracemalloc.start()
        written = write_warc(rows, sink, "big.warc.gz")  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert written == 150
    assert sink.seen == set(range(151))  # the warcinfo, then each row's records as it is read
    assert peak < 20 * BIG  # a few bodies at a time, never the 30 MB


def test_each_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    db = tmp_path / "small.db"
    with Archive(db) as archive:
        for n in range(3):
            archive.add(kept_article(n), None)
    with Archive(db) as archive:
        out = io.BytesIO()
        assert write_warc(response_rows(archive.db), out, "small.warc.gz") == 3
    members, rest = [], out.getvalue()
    while rest:  # a gzip member ends where its decompressor stops
        member = zlib.decompressobj(zlib.MAX_WBITS + 16)
        members.append(member.decompress(rest))
        rest = member.unused_data
    assert len(members) == 1 + 2 * 3  # warcinfo, then a response and a request per row
    assert all(m.startswith(b"WARC/1.") and m.endswith(b"\r\n\r\n") for m in members)
    assert [m.split(b"WARC-Type: ")[1].split(b"\r\n")[0] for m in members[:3]] == [
        b"warcinfo",
        b"response",
        b"request",
    ]


async def _collect(items: Any) -> list[Any]:
    return [item async for item in items]


def test_the_item_carries_no_response_unless_kept() -> None:
    from scrapy import Request
    from scrapy.exporters import JsonLinesItemExporter
    from scrapy.http import HtmlResponse
    from scrapy.utils.test import get_crawler

    from newscrawl.spiders.page import PageSpider

    page = (default_site() / "1/767/767105.htm").read_bytes()
    url = "http://127.0.0.1:8000/1/767/767105.htm"
    for keep in (False, True):
        crawler = get_crawler(PageSpider, {"NEWSCRAWL_KEEP_RESPONSES": keep})
        spider = PageSpider.from_crawler(crawler, url=url, source="mydrivers")
        request = Request(url, headers={"User-Agent": "ua"})
        response = HtmlResponse(url, body=page, request=request, headers={"Server": "s"})
        [item] = asyncio.run(_collect(spider.parse_article(response)))
        if not keep:
            assert item.response is None
            continue
        assert item.response is not None
        assert item.response.body == page
        assert ("User-Agent", "ua") in item.response.request_headers
        assert ("Server", "s") in item.response.response_headers
        assert "response" not in json.dumps(item.as_json())
        exported = io.BytesIO()  # Scrapy's feed export (`scrapy crawl ... -O items.jsonl`)
        JsonLinesItemExporter(exported).export_item(item)
        assert json.loads(exported.getvalue())["response"] is None
