"""NEWSCRAWL_READ_TIMEOUT, end to end: a real crawl (a subprocess) of the demo site's feed on
127.0.0.1, with one more item whose page takes seconds to read (200,000 paragraphs). With a
reader process the reader is killed after the timeout and replaced; without, the page is too
large for the crawl's own thread to start on. Either way the page fails once, with one log
line and its reason counted in the summary, and every other article is archived."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from helpers import python, rows
from test_pool import long_page

from newscrawl.demo.server import default_site, serve_site

pytestmark = pytest.mark.e2e
DEMO_ARTICLES = 7  # rss.xml of the bundled site
LONG = "/1/950/950009.htm"
TIMEOUT = 1  # seconds: the demo's pages read in ~30 ms, the long one in ~5 s


def long_page_site(root: Path) -> Path:
    site = root / "site"
    shutil.copytree(default_site(), site)
    (site / "1" / "950").mkdir()
    (site / LONG.lstrip("/")).write_bytes(long_page(title="读不完的文章"))
    item = f"<item><title>long</title><link>{{{{BASE}}}}{LONG}</link></item>"
    rss = (site / "rss.xml").read_text(encoding="utf-8")
    (site / "rss.xml").write_text(rss.replace("<item>", item + "<item>", 1), encoding="utf-8")
    return site


@pytest.mark.parametrize(
    ("processes", "detail"),
    [
        ("1", f"took over {TIMEOUT} s to read"),
        (
            "0",
            "400,022 tags: more than the crawl's own thread may read in 1 s (10,000), "
            "with no reader processes",
        ),
    ],
)
def test_a_page_over_the_read_timeout_fails_once_and_the_crawl_goes_on(
    tmp_path: Path, processes: str, detail: str
) -> None:
    data = tmp_path / "data"
    with serve_site(long_page_site(tmp_path)) as server:
        result = python(
            "-m", "scrapy", "crawl", "feed",
            "-a", "source=mydrivers", "-a", f"entry={server.url('/rss.xml')}",
            "-s", f"NEWSCRAWL_DATA_DIR={data}",
            "-s", f"NEWSCRAWL_READ_PROCESSES={processes}",
            "-s", f"NEWSCRAWL_READ_TIMEOUT={TIMEOUT}",
            "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
            timeout=120,
        )  # fmt: skip
        hits = server.hits[LONG]
    log = result.stderr
    assert result.returncode == 0, log[-3000:]
    url = server.url(LONG)
    lines = [
        line for line in log.splitlines() if url in line and re.search(r"\] (WARNING|ERROR):", line)
    ]
    assert [line.split("] ERROR: ", 1)[1] for line in lines] == [
        f"failed {url}: read_timeout ({detail})"
    ]
    assert hits == 1  # not retried: the same bytes would take as long again
    assert "'newscrawl/failed/read_timeout': 1" in log
    summary = log.split("INFO: summary\n", 1)[1]
    assert "  failed     1 (read_timeout 1)" in summary
    assert rows(data / "archive.db", "select count(*) from articles") == [(DEMO_ARTICLES,)]
    assert rows(data / "archive.db", "select count(*) from visits where url = ?", url) == [(0,)]
    assert "Traceback" not in log
