"""Kept responses and `newscrawl export warc` over real crawls (subprocesses) of the bundled demo
site on 127.0.0.1 with --keep-responses, and over a gzipped (chunked or sized) response: the WARC
file read back with warcio holds each exchange as it was received."""

from __future__ import annotations

import gzip
import http.server
import shutil
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import pytest
from click.testing import CliRunner
from helpers import newscrawl, rows
from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from newscrawl.cli import main
from newscrawl.demo.server import PLACEHOLDER, SiteServer, default_site, serve_site

DEMO_ARTICLES = 7  # rss.xml of the bundled site


def count(db: Path, table: str = "responses") -> int:
    return int(rows(db, f"select count(*) from {table}")[0][0])


class DemoSite(NamedTuple):
    """A copy of the demo site and the server serving it."""

    root: Path
    server: SiteServer

    def served(self, url: str) -> bytes:
        """What the server sends for an article URL: the file, {{BASE}} replaced."""
        path = self.root / url.removeprefix(self.server.base_url + "/")
        return path.read_bytes().replace(PLACEHOLDER, self.server.base_url.encode())


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
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoSite]:
    """A copy of the demo site (a test edits a page), served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site") / "site"
    shutil.copytree(default_site(), root)
    with serve_site(root) as server:
        yield DemoSite(root, server)


@pytest.fixture(scope="module")
def kept(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> Path:
    server = site.server
    data = tmp_path_factory.mktemp("kept") / "data"
    result = newscrawl(
        "crawl", "mydrivers", "--entry", server.url("/rss.xml"), "--keep-responses",
        "--data", str(data),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return data


@pytest.mark.e2e
def test_every_archived_article_is_one_response_record_of_the_served_bytes(
    site: DemoSite, kept: Path, tmp_path: Path
) -> None:
    server = site.server
    out = tmp_path / "crawl.warc.gz"
    export_warc(kept, out)
    found = records(out)
    assert found[0][0].rec_type == "warcinfo"
    assert b"software: newscrawl/" in found[0][1]
    responses = {
        r.rec_headers["WARC-Target-URI"]: (r, body) for r, body in found if r.rec_type == "response"
    }
    requests = [r for r, _ in found if r.rec_type == "request"]
    archived = dict(rows(kept / "archive.db", "select fetched_url, fetched_at from articles"))
    assert len(archived) == DEMO_ARTICLES
    assert set(responses) == set(archived)
    for url, (record, payload) in responses.items():
        assert payload == site.served(url)  # the GBK page's bytes too, undecoded
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
    site: DemoSite, kept: Path, tmp_path: Path
) -> None:
    db = kept / "archive.db"
    crawl = ("crawl", "mydrivers", "--entry", site.server.url("/rss.xml"), "--refresh")
    again = newscrawl(*crawl, "--keep-responses", "--data", str(kept))
    assert again.returncode == 0, again.stderr[-3000:]
    assert f"unchanged  {DEMO_ARTICLES}" in again.stdout
    assert count(db) == DEMO_ARTICLES

    page = site.root / "1/838/838046.htm"
    page.write_bytes(page.read_bytes().replace("TCL华星".encode(), "TCL 华星".encode()))
    revised = newscrawl(*crawl, "--keep-responses", "--data", str(kept))
    assert revised.returncode == 0, revised.stderr[-3000:]
    assert "updated 1" in revised.stdout
    assert count(db) == DEMO_ARTICLES + 1

    out = tmp_path / "source.warc.gz"
    export_warc(kept, out, "--source", "mydrivers")
    url = site.server.url("/1/838/838046.htm")
    versions = [
        body for r, body in records(out)
        if r.rec_type == "response" and r.rec_headers["WARC-Target-URI"] == url
    ]  # fmt: skip
    assert len(versions) == 2
    assert versions[1] == site.served(url)
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
        page = DemoSite(root, server).served(server.url(article))
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
def test_without_the_flag_nothing_is_kept(site: DemoSite, tmp_path: Path) -> None:
    server = site.server
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
