"""WARC export of the kept HTTP responses (NEWSCRAWL_KEEP_RESPONSES), streamed with warcio."""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from io import BytesIO
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from sqlite_utils import Database
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

from newscrawl.archive.search import Filters

RESPONSES_TABLE = "responses"
Row = dict[str, Any]
# Headers the stored body may no longer match: Scrapy's HttpCompressionMiddleware decoded it
# (deleting Content-Encoding itself when it decoded every coding, so a Content-Encoding still
# there names a coding the body still has), leaving the received Content-Length; Twisted
# de-chunks a body and drops Transfer-Encoding (another download handler might keep it). Kept
# under pywb's prefix for original headers: the record says what was received, and is readable.
_REPLACED = ("transfer-encoding", "content-length")
ORIGINAL_PREFIX = "X-Archive-Orig-"


class NoResponsesError(RuntimeError):
    """The archive holds no raw HTTP responses, so there is nothing to write as WARC."""


class DamagedResponseError(ValueError):
    """A stored body does not decompress to the length and SHA-1 recorded with it."""


def check_responses(db: Database) -> int:
    """How many archived responses there are; NoResponsesError when there are none."""
    if RESPONSES_TABLE not in db.table_names() or not db.table(RESPONSES_TABLE).count:
        raise NoResponsesError(
            "no archived responses: the crawl stores extracted articles, not the raw HTTP "
            "responses a WARC file is made of, unless it runs with --keep-responses "
            "(NEWSCRAWL_KEEP_RESPONSES); so there is nothing to export as WARC"
        )
    return int(db.table(RESPONSES_TABLE).count)


def response_rows(db: Database, filters: Filters | None = None) -> Iterator[Row]:
    """The kept responses of the articles passing `filters`, oldest first, read lazily."""
    where, params = (filters or Filters()).where()
    return db.query(_ROWS.replace("{where}", where), params)


def count_responses(db: Database, filters: Filters | None = None) -> int:
    where, params = (filters or Filters()).where()
    return int(db.execute(_COUNT.replace("{where}", where), params).fetchone()[0])


def write_warc(rows: Iterable[Row], stream: BinaryIO, filename: str, gzip: bool = True) -> int:
    """Write a warcinfo record, then a response and a request record (linked by
    WARC-Concurrent-To) per row, each row's records written before the next row is read;
    returns how many responses were written. `gzip`: one gzip member per record."""
    writer = WARCWriter(GzipMembers(stream) if gzip else stream, gzip=False)
    writer.write_record(writer.create_warcinfo_record(filename, _warcinfo()))
    count = 0
    for row in rows:
        response = response_record(writer, row)
        writer.write_request_response_pair(request_record(writer, row), response)
        count += 1
    return count


class GzipMembers:
    """A binary stream that writes what comes between two flush() calls (warcio flushes after
    each record) as one gzip member, as warcio's own gzip=True does, at level GZIP_LEVEL."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self._member: Any = None  # zlib's compressor of the record being written

    def write(self, data: bytes) -> int:
        if self._member is None:
            self._member = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        self.out.write(self._member.compress(data))
        return len(data)

    def flush(self) -> None:
        if self._member is not None:
            self.out.write(self._member.flush())
            self._member = None
        self.out.flush()


# warcio compresses at level 9; level 6 makes files barely larger in clearly less time
# (benchmarks/README.md).
GZIP_LEVEL = 6


def response_record(writer: WARCWriter, row: Row) -> ArcWarcRecord:
    """The `response` record of a `responses` row: its status, headers and identity body."""
    body = stored_body(row)
    headers = response_headers(json.loads(row["response_headers"]), len(body))
    http = StatusAndHeaders(_status_line(row["status"]), headers, protocol=_http(row))
    warc_headers = {"WARC-Date": warc_date(row["fetched_at"])}
    if row["ip_address"]:
        warc_headers["WARC-IP-Address"] = row["ip_address"]
    return writer.create_warc_record(
        row["url"], "response", payload=BytesIO(body), length=len(body),
        warc_headers_dict=warc_headers, http_headers=http,
    )  # fmt: skip


def request_record(writer: WARCWriter, row: Row) -> ArcWarcRecord:
    """The `request` record of a `responses` row: request line, Host and the headers sent."""
    url = urlsplit(row["url"])
    target = (url.path or "/") + (f"?{url.query}" if url.query else "")
    headers = [tuple(pair) for pair in json.loads(row["request_headers"])]
    if not any(name.lower() == "host" for name, _ in headers):
        headers.insert(0, ("Host", url.netloc))  # Twisted adds it when sending
    line = f"{row['method']} {target} HTTP/1.1"  # what Scrapy's HTTP/1.1 handler sends
    http = StatusAndHeaders(line, headers, is_http_request=True)
    return writer.create_warc_record(
        row["url"], "request", payload=BytesIO(), length=0, http_headers=http
    )


def response_headers(received: list[list[str]], length: int) -> list[tuple[str, str]]:
    """The received headers made true of the stored body: Transfer-Encoding and a differing
    Content-Length renamed with ORIGINAL_PREFIX, and Content-Length the body's length."""
    headers, exact = [], str(length)
    for name, value in received:
        stale = name.lower() in _REPLACED and value.strip() != exact
        headers.append((ORIGINAL_PREFIX + name if stale else name, value))
    if ("content-length", exact) not in ((n.lower(), v.strip()) for n, v in headers):
        headers.append(("Content-Length", exact))
    return headers


def stored_body(row: Row) -> bytes:
    """The uncompressed body of a `responses` row, checked against its length and SHA-1."""
    try:
        body = zlib.decompress(row["body"])
    except (zlib.error, TypeError) as error:
        raise DamagedResponseError(_damaged(row, f"body does not decompress: {error}")) from None
    if len(body) != row["body_length"] or _sha1(body) != row["body_sha1"]:
        raise DamagedResponseError(_damaged(row, "body differs from its recorded SHA-1"))
    return body


def warc_date(fetched_at: str) -> str:
    """WARC/1.0's WARC-Date (UTC, to the second) of an archive timestamp (aware ISO 8601)."""
    moment = datetime.fromisoformat(fetched_at)
    if moment.tzinfo is None:
        raise ValueError(f"naive fetched_at {fetched_at!r}: the archive stores UTC times only")
    return str(datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None)))


def _http(row: Row) -> str:
    """The response's HTTP version; an HTTP/2 exchange (Scrapy says "h2") is written in
    HTTP/1.1 syntax, as WARC writers do."""
    protocol = str(row["protocol"] or "")
    return protocol if protocol.startswith("HTTP/") else "HTTP/1.1"


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:  # a code http.HTTPStatus does not name
        return str(status)


def _sha1(body: bytes) -> str:
    return hashlib.sha1(body, usedforsecurity=False).hexdigest()


def _damaged(row: Row, problem: str) -> str:
    return f"the kept response of {row['url']} fetched {row['fetched_at']} is damaged: {problem}"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def _warcinfo() -> dict[str, str]:
    return {
        "software": f"newscrawl/{_version('newscrawl')} (warcio/{_version('warcio')})",
        "format": "WARC File Format 1.0",
        "description": "HTTP exchanges of archived article pages kept by newscrawl "
        "(NEWSCRAWL_KEEP_RESPONSES); bodies as received after HTTP content decoding",
    }


# Filters.where() is a condition over `articles a`; a response whose article is gone (none
# is ever deleted) still goes out when nothing is filtered.
_ROWS = """select r.* from responses r left join articles a on a.url = r.article_url
  where {where} order by r.rowid"""
_COUNT = """select count(*) from responses r left join articles a on a.url = r.article_url
  where {where}"""
