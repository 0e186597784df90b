"""What the `newscrawl serve` tests share: a demo archive with one hostile article, a real
server (subprocess) over it, and helpers to read its pages."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import requests
from helpers import ROOT, article, newscrawl

from newscrawl.archive.store import Archive

# On a closed local port: what its relative image resolves to is never fetched from afar.
HOSTILE_URL = "http://127.0.0.1:9/hostile/666.htm"
HOSTILE_TITLE = "Hostile body test page"
# Each marker may only reach a page inside something active; none may reach it at all.
HOSTILE_BODY = (
    "<p class='kept'>Benign <strong>bold</strong> text stays.</p>"
    "<script>alert('XSS-SCRIPT')</script>"
    "<img src='/img/none.jpg' onerror=\"alert('XSS-ONERROR')\">"
    "<a href=\"javascript:alert('XSS-JSURL')\">link</a>"
    "<iframe srcdoc=\"<script>alert('XSS-SRCDOC')</script>\"></iframe>"
    "<p>Before the stray end tags.</p></td></tr></table></div><p class='after'>After them.</p>"
)
MARKERS = ("XSS-SCRIPT", "XSS-ONERROR", "XSS-JSURL", "XSS-SRCDOC")
EXCEL_TITLE = "1+1=4 微软Excel表格出bug：2000到2010版都受影响"
TESLA_TITLE = "-10°C街头车主实测特斯拉续航 表显里程打6.2折"
OIL_URL_PATH = "/1/854/854240.htm"  # the demo article whose second image is missing


@dataclass(frozen=True)
class Served:
    data: Path
    base_url: str

    def get(self, path: str, **params: str) -> requests.Response:
        return requests.get(self.base_url + path, params=params, timeout=30)

    def json_rows(self, path: str, **params: str) -> list[dict[str, object]]:
        response = self.get(path, _shape="array", **params)
        assert response.status_code == 200, response.text[:2000]
        rows: list[dict[str, object]] = response.json()
        return rows


def build_archive(data: Path) -> Path:
    """The demo site crawled into `data`, plus one article whose stored body is hostile."""
    result = newscrawl("demo", "--data", str(data), timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    # Written raw, as an older version or another tool could have: no pipeline ran on it.
    hostile = article(
        url=HOSTILE_URL,
        source_id="hostile",
        title=HOSTILE_TITLE,
        body_html=HOSTILE_BODY,
        body_text="Benign bold text stays.",
        published=datetime(2020, 1, 1, tzinfo=UTC),
    )
    with Archive(data / "archive.db") as archive:
        archive.add(hostile, None)
    return data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Server:
    served: Served
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-5000:]


def start_server(data: Path, log: Path, timeout: float = 60) -> Server:
    """`newscrawl serve` in a subprocess, once it answers; the caller stops it."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "newscrawl", "serve", "--data", str(data), "--port", str(port)],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Server(Served(data, f"http://127.0.0.1:{port}"), process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"newscrawl serve exited {process.returncode}:\n{server.output()}")
        try:
            if server.served.get("/-/versions.json").status_code == 200:
                return server
        except requests.ConnectionError:
            time.sleep(0.2)
    stop_server(server)
    raise AssertionError(f"newscrawl serve did not answer in {timeout}s:\n{server.output()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@contextmanager
def serving(tmp: Path, more: Callable[[Path], None] | None = None) -> Iterator[Served]:
    """`newscrawl serve` over a demo archive built in `tmp` (`more` adds to it), stopped on
    leaving."""
    data = build_archive(tmp / "data")
    if more is not None:
        more(data)
    server = start_server(data, tmp / "serve.log")
    try:
        yield server.served
    finally:
        stop_server(server)


def body_cell(page: str) -> lxml.html.HtmlElement:
    """The one rendered article body in an HTML page."""
    (cell,) = lxml.html.fromstring(page).find_class("newscrawl-body")
    return cell


SEARCH_FORM = dict.fromkeys(("q", "source", "since", "until", "lang", "author", "tag"), "")


def tilde_encode(value: str) -> str:
    """Datasette's encoding of a primary key in a row URL."""
    from datasette.utils import tilde_encode as encode

    return str(encode(value))
