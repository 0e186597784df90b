"""write_warc over archived responses: headers as received (with WARC's own Content-Length), a
damaged body refused with its URL, streaming in bounded memory, one gzip member per record; and
the item carries a response only when responses are kept."""

from __future__ import annotations

import asyncio
import io
import json
import sqlite3
import tracemalloc
import zlib
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers import Counting, kept_article
from scrapy import Request
from scrapy.exporters import JsonLinesItemExporter
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.archive.store import Archive
from newscrawl.cli import main
from newscrawl.demo.server import default_site
from newscrawl.exporters.warc import response_headers, response_rows, write_warc
from newscrawl.spiders.page import PageSpider


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
