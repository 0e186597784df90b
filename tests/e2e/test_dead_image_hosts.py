"""Image hosts that refuse or swallow connections, end to end: one real crawl (a subprocess) of a
feed whose articles show images on a refusing port, on a listening socket that never answers
and on a server that closes every connection. Each dead host costs one wait and one line, its
other images fail at once with one line each, a robots.txt that cannot be read is one line,
and no article is lost.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import python, rows

from newscrawl.demo.server import serve_site

pytestmark = pytest.mark.e2e
ARTICLES = 6
IMAGES = 3  # per article and dead host
IMAGE_TIMEOUT = 3  # the closing host must hang up within it on a busy machine
PER_HOST = 2  # CONCURRENT_REQUESTS_PER_DOMAIN: dead-host requests in flight before it is known

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="news_bt"><h1>{title}</h1></div>
<div class="news_bt1"><div class="news_bt1_left"><span class="date">2024-03-01 10:00:00</span>
</div></div><div class="news_info"><p>{title}：正文第一段。</p>{images}</div></body></html>
"""


@dataclass
class Crawl:
    log: str
    data: Path
    refused: str  # host:port
    silent: str
    closing: str

    def rows(self, sql: str) -> list[tuple[object, ...]]:
        return rows(self.data / "archive.db", sql)

    def image_lines(self, host: str) -> list[str]:
        return [line for line in self.log.splitlines() if f"image http://{host}/" in line]


def dead_site(root: Path, *hosts: str) -> Path:
    site = root / "site"
    (site / "1" / "960").mkdir(parents=True)
    items = []
    for n in range(1, ARTICLES + 1):
        images = "".join(
            f'<p><img src="http://{host}/img/{n}-{k}.jpg"></p>'
            for host in hosts
            for k in range(IMAGES)
        )
        page = PAGE.format(title=f"死图测试文章{n}", images=images)
        (site / "1" / "960" / f"96000{n}.htm").write_text(page, encoding="utf-8")
        items.append(
            f"<item><title>dead {n}</title><link>{{{{BASE}}}}/1/960/96000{n}.htm</link></item>"
        )
    (site / "rss.xml").write_text(
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"{''.join(items)}</channel></rss>",
        encoding="utf-8",
    )
    return site


def close_every_connection(server: socket.socket) -> None:
    while True:
        try:
            connection, _ = server.accept()
        except OSError:  # the test closed the socket
            return
        connection.close()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    root = tmp_path_factory.mktemp("deadimages")
    data = root / "data"
    with socket.socket() as closed, socket.socket() as silent, socket.socket() as closing:
        for sock in (closed, silent, closing):
            sock.bind(("127.0.0.1", 0))
        # `closed` never listens: connections are refused; `silent` listens and never accepts:
        # requests get no answer; `closing` accepts and hangs up: no robots.txt, no image.
        silent.listen(0)
        closing.listen(16)
        threading.Thread(target=close_every_connection, args=(closing,), daemon=True).start()
        refused, silent_host, closing_host = (
            f"127.0.0.1:{s.getsockname()[1]}" for s in (closed, silent, closing)
        )
        with serve_site(dead_site(root, refused, silent_host, closing_host)) as server:
            result = python(
                    "-m", "scrapy", "crawl", "feed",
                    "-a", "source=mydrivers", "-a", f"entry={server.url('/rss.xml')}",
                    "-s", f"NEWSCRAWL_DATA_DIR={data}",
                    "-s", f"NEWSCRAWL_IMAGE_TIMEOUT={IMAGE_TIMEOUT}",
                    "-s", "NEWSCRAWL_RETRY_BACKOFF=0.2",
                    "-s", "AUTOTHROTTLE_ENABLED=False",
                    "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_HOST}",
            )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        yield Crawl(result.stderr, data, refused, silent_host, closing_host)


def test_every_article_is_archived(crawl: Crawl) -> None:
    assert crawl.rows("select count(*) from articles") == [(ARTICLES,)]


@pytest.mark.parametrize("which", ["refused", "silent"])
def test_a_dead_host_is_one_line_then_its_images_fail_at_once(crawl: Crawl, which: str) -> None:
    host = getattr(crawl, which)
    marked = [line for line in crawl.log.splitlines() if f"host {host} unreachable" in line]
    assert len(marked) == 1, marked
    lines = crawl.image_lines(host)
    assert len(lines) == ARTICLES * IMAGES  # one line per image, no more
    at_once = [line for line in lines if line.endswith("failed: host_unreachable")]
    # Only the requests already in flight when the host was found dead waited for it.
    assert len(at_once) >= ARTICLES * IMAGES - PER_HOST, lines
    rows = crawl.rows(f"select status, error from images where url like 'http://{host}/%'")
    assert len(rows) == ARTICLES * IMAGES
    assert {status for status, _ in rows} == {"failed"}


def test_a_robots_txt_failure_is_one_line(crawl: Crawl) -> None:
    lines = crawl.log.splitlines()
    robots = [line for line in lines if f"robots.txt of {crawl.closing}" in line]
    assert len(robots) == 1, robots
    assert "WARNING: robots.txt of" in robots[0]
    assert robots[0].endswith("not read (connection_lost): all of it allowed")


def test_a_host_that_hangs_up_is_not_dead_and_each_image_says_why(crawl: Crawl) -> None:
    lines = crawl.image_lines(crawl.closing)
    assert len(lines) == ARTICLES * IMAGES
    assert all(line.endswith("failed: connection_lost") for line in lines), lines


def test_no_traceback(crawl: Crawl) -> None:
    assert "Traceback" not in crawl.log
