"""The demo site server, over real sockets on 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import socket
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawl.demo.server import SiteServer, default_site, serve_site

SITE = default_site()
MANIFEST: dict[str, Any] = json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


def get(server: SiteServer, path: str, timeout: float = 5) -> tuple[int, dict[str, str], bytes]:
    """One GET with the path sent exactly as given (no client-side normalization)."""
    host, port = server.base_url.removeprefix("http://").rsplit(":", 1)
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo() -> Iterator[SiteServer]:
    with serve_site(SITE) as server:
        yield server


@pytest.fixture
def tmp_site(tmp_path: Path) -> Iterator[SiteServer]:
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("TOP SECRET")
    (root / "page.html").write_text('<a href="{{BASE}}/x">x</a>', encoding="utf-8")
    (root / "page.gbk.html").write_bytes("<p>{{BASE}} 中文</p>".encode("gbk"))
    (root / "sub" / "index.html").write_text("index", encoding="utf-8")
    (root / "data.bin").write_bytes(b"{{BASE}}")
    with serve_site(root) as server:
        yield server


def test_feed_is_served_with_base_replaced(demo: SiteServer) -> None:
    status, headers, body = get(demo, "/rss.xml")
    assert status == 200
    assert headers["Content-Type"] == "application/rss+xml"
    assert b"{{BASE}}" not in body
    links = [i.findtext("link") for i in ET.fromstring(body).iter("item")]
    assert len(links) == len(MANIFEST["articles"])
    assert {demo.url(a["path"]) for a in MANIFEST["articles"]} == set(links)


@pytest.mark.parametrize("article", MANIFEST["articles"], ids=lambda a: a["slug"])
def test_articles_and_their_images(demo: SiteServer, article: dict[str, Any]) -> None:
    status, headers, body = get(demo, "/" + article["path"])
    assert status == 200
    raw = (SITE / article["path"]).read_bytes()
    assert body == raw.replace(b"{{BASE}}", demo.base_url.encode())
    if article["encoding"] == "utf-8":
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        assert f'<link rel="canonical" href="{demo.url(article["path"])}">' in body.decode()
    for src in article["images"]:
        status, headers, image = get(demo, src)
        if src in article["missing_images"]:
            assert status == 404
        else:
            assert status == 200
            assert headers["Content-Type"] in ("image/png", "image/jpeg")
            assert image[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")


def test_gbk_page_keeps_its_bytes_and_gets_no_charset(demo: SiteServer) -> None:
    (article,) = [a for a in MANIFEST["articles"] if a["encoding"] != "utf-8"]
    status, headers, body = get(demo, "/" + article["path"])
    assert status == 200
    assert headers["Content-Type"] == "text/html"
    text = body.decode("gbk")
    assert 'content="text/html; charset=gb2312"' in text
    assert article["title"] in text
    assert demo.url(article["path"]) in text
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_a_missing_image_is_a_404(demo: SiteServer) -> None:
    missing = [src for a in MANIFEST["articles"] for src in a["missing_images"]]
    assert len(missing) == 1
    assert get(demo, missing[0])[0] == 404


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/sub/../../secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/../../../../etc/passwd",
    ],
)
def test_traversal_is_refused(tmp_site: SiteServer, path: str) -> None:
    status, _, body = get(tmp_site, path)
    assert status == 403
    assert b"SECRET" not in body


def test_traversal_out_of_the_demo_site(demo: SiteServer) -> None:
    for path in ("/../server.py", "/%2e%2e/%2e%2e/%2e%2e/pyproject.toml"):
        status, _, body = get(demo, path)
        assert status == 403
        assert b"import" not in body


def test_files_types_and_placeholders(tmp_site: SiteServer) -> None:
    status, headers, body = get(tmp_site, "/page.html")
    assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert body == f'<a href="{tmp_site.base_url}/x">x</a>'.encode()
    status, headers, body = get(tmp_site, "/page.gbk.html")
    assert headers["Content-Type"] == "text/html"
    assert body == f"<p>{tmp_site.base_url} 中文</p>".encode("gbk")
    assert get(tmp_site, "/data.bin")[2] == b"{{BASE}}"  # only text documents are rewritten
    assert get(tmp_site, "/sub/")[2] == b"index"
    assert get(tmp_site, "/nothing.html")[0] == 404
    assert get(tmp_site, "/sub/nothing/")[0] == 404


@pytest.mark.parametrize("code", [200, 301, 403, 404, 429, 500, 503])
def test_status_route(demo: SiteServer, code: int) -> None:
    status, headers, body = get(demo, f"/_status/{code}")
    assert status == code
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert str(code).encode() in body


def test_status_route_rejects_nonsense(demo: SiteServer) -> None:
    assert get(demo, "/_status/abc")[0] == 400
    assert get(demo, "/_status/99")[0] == 400


def test_slow_route_delays_and_times_out(demo: SiteServer) -> None:
    start = time.monotonic()
    assert get(demo, "/_slow/0.3")[0] == 200
    assert time.monotonic() - start >= 0.3
    with pytest.raises(TimeoutError):
        get(demo, "/_slow/5", timeout=0.2)


def test_stop_does_not_wait_for_slow_requests(tmp_path: Path) -> None:
    server = serve_site(tmp_path)
    conn = socket.create_connection(("127.0.0.1", int(server.base_url.rsplit(":", 1)[1])))
    conn.sendall(b"GET /_slow/30 HTTP/1.0\r\n\r\n")
    time.sleep(0.1)
    start = time.monotonic()
    server.stop()
    assert time.monotonic() - start < 5
    conn.close()


def test_reset_route_drops_the_connection(demo: SiteServer) -> None:
    with pytest.raises(ConnectionError):
        get(demo, "/_reset")


def test_hits_are_counted_per_path(tmp_site: SiteServer) -> None:
    for _ in range(2):
        get(tmp_site, "/page.html?x=1")
    get(tmp_site, "/_status/500")
    get(tmp_site, "/missing.png")
    assert tmp_site.hits["/page.html"] == 2
    assert tmp_site.hits["/_status/500"] == 1
    assert tmp_site.hits["/missing.png"] == 1


def test_server_is_quiet_and_stops(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with serve_site(tmp_path) as server:
        url = server.url("/x")
        assert url == server.base_url + "/x"
        get(server, "/nothing")
        get(server, "/_status/500")
        with pytest.raises(ConnectionError):
            get(server, "/_reset")
        with pytest.raises(TimeoutError):
            get(server, "/_slow/1", timeout=0.1)
        conn = socket.create_connection(("127.0.0.1", int(server.base_url.rsplit(":", 1)[1])))
        conn.sendall(b"NONSENSE\r\n\r\n")
        conn.recv(1000)
        conn.close()
        time.sleep(1.2)  # let the slow handler find its client gone
    assert capfd.readouterr() == ("", "")
    with pytest.raises(ConnectionRefusedError):
        get(server, "/")


def test_default_site_is_small_and_complete() -> None:
    files = [p for p in SITE.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 1_000_000
    assert (SITE / "rss.xml").is_file()
    assert len(MANIFEST["articles"]) in range(6, 9)
    assert "{{BASE}}" in (SITE / "rss.xml").read_text(encoding="utf-8")
