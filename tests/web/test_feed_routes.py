"""`newscrawl serve`'s feeds (web/feeds.py) from a real server over a real archive: per source,
per search, every format read back, 304 to conditional requests, read-only."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import feedparser
import pytest
import requests
from helpers import article
from served_archive import Served, start_server, stop_server

from newscrawl.archive.store import Archive
from newscrawl.items import ImageResult
from newscrawl.web.feeds import not_modified

pytestmark = pytest.mark.e2e
JPEG = bytes.fromhex("ffd8ffe000104a46494600010100000100010000ffd9")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    tmp = tmp_path_factory.mktemp("feeds")
    data = tmp / "data"
    (data / "images" / "full").mkdir(parents=True)
    (data / "images" / "full" / "a.jpg").write_bytes(JPEG)
    with Archive(data / "archive.db") as archive:
        for n in range(1, 8):
            source = "mydrivers" if n % 2 else "other"
            image = [ImageResult(f"https://news.example/{n}.jpg", "downloaded", "full/a.jpg")]
            body = f'<p>特斯拉 number {n}</p><img src="/{n}.jpg">'
            text = f"特斯拉 number {n}"
            fields = {"body_html": body, "body_text": text, "image_results": image}
            archive.add(article(n, source_id=source, **fields), None)
    server = start_server(data, tmp / "serve.log")
    try:
        yield server.served
    finally:
        stop_server(server)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_a_source_feed_parses_newest_first_with_local_images(served: Served, fmt: str) -> None:
    response = served.get(f"/feeds/mydrivers.{fmt}")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(f"application/{fmt}+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [e.link for e in parsed.entries] == [
        f"https://news.example/{n}.htm" for n in (7, 5, 3, 1)
    ]
    assert "快科技" in parsed.feed.title  # the registered source's name
    content = parsed.entries[0].content[0].value
    assert f'src="{served.base_url}/-/images/full/a.jpg"' in content
    assert served.get("/-/images/full/a.jpg").content == JPEG


def test_json_feed_and_the_newest_of_all(served: Served) -> None:
    document = served.get("/feeds/all.json", limit="3").json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"] for item in document["items"]] == [
        f"https://news.example/{n}.htm" for n in (7, 6, 5)
    ]
    assert document["feed_url"] == served.base_url + "/feeds/all.json?limit=3"


def test_a_search_feed_is_the_cli_search(served: Served) -> None:
    parsed = feedparser.parse(served.get("/feeds/search.atom", q="特斯拉", source="other").content)
    assert [e.link for e in parsed.entries] == [f"https://news.example/{n}.htm" for n in (6, 4, 2)]
    assert "特斯拉" in parsed.feed.title
    one = feedparser.parse(served.get("/feeds/search.rss", q="number 3").content)
    assert [e.link for e in one.entries] == ["https://news.example/3.htm"]


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/feeds/search.atom", {}, 400),
        ("/feeds/all.atom", {"limit": "0"}, 400),
        ("/feeds/all.atom", {"since": "yesterday-ish"}, 400),
        ("/feeds/nosuchsource.atom", {}, 404),
        ("/feeds/all.xml", {}, 404),
    ],
)
def test_bad_feed_requests_get_a_reason(
    served: Served, path: str, params: dict[str, str], status: int
) -> None:
    response = served.get(path, **params)
    assert response.status_code == status
    assert "Traceback" not in response.text


def conditional(served: Served, path: str, headers: dict[str, str]) -> requests.Response:
    return requests.get(served.base_url + path, headers=headers, timeout=30)


def test_conditional_requests_get_304(served: Served) -> None:
    first = served.get("/feeds/mydrivers.atom")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag.startswith('"')
    again = served.get("/feeds/mydrivers.atom")
    assert again.headers["etag"] == etag  # the same articles give the same bytes
    for headers in ({"if-none-match": etag}, {"if-modified-since": modified}):
        response = conditional(served, "/feeds/mydrivers.atom", headers)
        assert response.status_code == 304, headers
        assert response.content == b""
    changed = conditional(served, "/feeds/mydrivers.atom", {"if-none-match": '"other"'})
    assert changed.status_code == 200
    assert conditional(served, "/feeds/other.atom", {"if-none-match": etag}).status_code == 200


def test_feeds_are_read_only(served: Served) -> None:
    response = requests.post(served.base_url + "/feeds/all.atom", timeout=30)
    assert response.status_code in (403, 405)


NOW = datetime(2024, 6, 1, 12, 0, 0, 500_000, tzinfo=UTC)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"if-none-match": '"abc"'}, True),
        ({"if-none-match": 'W/"abc"'}, True),
        ({"if-none-match": '"x", "abc"'}, True),
        ({"if-none-match": "*"}, True),
        ({"if-none-match": '"x"', "if-modified-since": format_datetime(NOW, usegmt=True)}, False),
        ({"if-modified-since": format_datetime(NOW, usegmt=True)}, True),
        ({"if-modified-since": format_datetime(NOW - timedelta(seconds=1), usegmt=True)}, False),
        ({"if-modified-since": "not a date"}, False),
    ],
)
def test_not_modified(headers: dict[str, str], expected: bool) -> None:
    assert not_modified(headers, '"abc"', NOW) is expected
