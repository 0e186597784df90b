"""Page readers start with the crawl: up, and their imports done, before the first page comes;
closed with the crawl, whether it read pages or none."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_pool import LOG, page_args, running

from newscrawl.crawl.pool import InlineReader, PoolReader
from newscrawl.demo.server import default_site, serve_site

MARK = """
import os, pathlib, sys
pathlib.Path(os.environ["NEWSCRAWL_TEST_MARK"]).write_text(
    f"{os.getpid()} {'newscrawl.crawl.reading' in sys.modules}"
)
"""


def test_readers_start_on_the_loop_and_import_before_their_first_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "warm_mark.py").write_text(MARK)
    mark = tmp_path / "mark"
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("NEWSCRAWL_TEST_MARK", str(mark))
    reader = PoolReader(1, LOG, warm=("warm_mark", "no_such_module_at_all"))

    async def crawl() -> tuple[list[int], str]:
        reader.start()
        pids = reader.pids()
        deadline = time.monotonic() + 30
        while not mark.exists() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        await reader.read(*page_args())  # a module that is not there: the reader goes on
        return pids, mark.read_text() if mark.exists() else ""

    try:
        pids, marked = asyncio.run(crawl())
    finally:
        reader.close()
    assert len(pids) == 1
    assert marked == f"{pids[0]} True"  # imported by the reader, after read_page's modules
    assert not running(pids[0])


THREAD_MARK = """
import os, pathlib, threading
pathlib.Path(os.environ["NEWSCRAWL_TEST_MARK"]).write_text(threading.current_thread().name)
"""


def test_an_inline_reader_imports_on_a_thread_of_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The crawl's own thread does not wait for the import (nor for a missing module)."""
    (tmp_path / "thread_mark.py").write_text(THREAD_MARK)
    mark = tmp_path / "mark"
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("NEWSCRAWL_TEST_MARK", str(mark))
    InlineReader(warm=("no_such_module_at_all", "thread_mark")).start()
    deadline = time.monotonic() + 30
    while not mark.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert mark.read_text() == "imports"
    assert "thread_mark" in sys.modules


def test_the_import_thread_starts_once_the_crawl_loop_has_first_waited(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Started as the crawl opens, it imports nothing while the loop is still busy with the
    crawl's start (its first request not out yet), and imports once the loop waits."""
    (tmp_path / "late_mark.py").write_text(THREAD_MARK)
    mark = tmp_path / "mark"
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("NEWSCRAWL_TEST_MARK", str(mark))

    async def crawl() -> bool:
        InlineReader(warm=("late_mark",)).start()
        time.sleep(0.5)  # the loop's thread busy, never waiting for events
        imported_while_busy = mark.exists()
        deadline = time.monotonic() + 30
        while not mark.exists() and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        return imported_while_busy

    assert asyncio.run(crawl()) is False
    assert mark.read_text() == "imports"


def test_without_a_running_loop_readers_start_on_first_use() -> None:
    reader = PoolReader(1, LOG)
    reader.start()
    assert reader.pids() == []


CRAWL = """
import os, sys
from pathlib import Path
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

os.environ["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
settings = get_project_settings()
for name, value in {"NEWSCRAWL_DATA_DIR": sys.argv[2], "NEWSCRAWL_READ_PROCESSES": 1,
                    "LOG_LEVEL": "WARNING", "AUTOTHROTTLE_ENABLED": False}.items():
    settings.set(name, value)
process = CrawlerProcess(settings)
crawler = process.create_crawler("feed")
first = []
def response_received(response, request, spider):
    if not first:
        first.append(spider.reader.pids() if spider.reader else [])
crawler.signals.connect(response_received, signal=signals.response_received)
process.crawl(crawler, source="mydrivers", entry=[sys.argv[1]])
process.start()
me = os.getpid()
children = Path(f"/proc/{me}/task/{me}/children").read_text().split()
print(*first[0], "|", *children, "|", crawler.stats.get_value("newscrawl/pages", 0))
"""


@pytest.mark.parametrize(("path", "pages"), [("/rss.xml", True), ("/_status/404", False)])
def test_a_crawl_starts_its_readers_as_it_opens_and_leaves_none(
    tmp_path: Path, path: str, pages: bool
) -> None:
    """Up by the crawl's first response (robots.txt); none left once it ends, also when it
    read no page (its entry point failed)."""
    with serve_site(default_site()) as server:
        done = subprocess.run(
            [sys.executable, "-c", CRAWL, server.url(path), str(tmp_path / "data")],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    readers, children, read = (part.split() for part in done.stdout.strip().split("|"))
    assert len(readers) == 1, done.stderr[-3000:]
    assert [pid for pid in children if running(int(pid))] == []
    assert not running(int(readers[0]))
    assert (int(read[0]) > 0) is pages


IMPORTS = """
import os, sys
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

os.environ["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
settings = get_project_settings()
for name, value in {"NEWSCRAWL_DATA_DIR": sys.argv[2], "NEWSCRAWL_READ_PROCESSES": sys.argv[3],
                    "LOG_LEVEL": "WARNING", "AUTOTHROTTLE_ENABLED": False}.items():
    settings.set(name, value)
process = CrawlerProcess(settings)
crawler = process.create_crawler("feed")
first = []
def reached(request, spider):
    if not first:
        first.append("newscrawl.extract.article" in sys.modules)
crawler.signals.connect(reached, signal=signals.request_reached_downloader)
process.crawl(crawler, source="mydrivers", entry=[sys.argv[1]])
process.start()
print(first[0], crawler.stats.get_value("newscrawl/pages", 0),
      crawler.stats.get_value("newscrawl/pages_read_inline", 0))
"""


@pytest.mark.parametrize("processes", ["0", "1"])
def test_a_crawl_imports_the_extraction_stack_after_its_first_request(
    tmp_path: Path, processes: str
) -> None:
    """Its first request (robots.txt) needs none of it; its pages, read in the crawl's own
    thread (all of them without readers), still are."""
    with serve_site(default_site()) as server:
        done = subprocess.run(
            [sys.executable, "-c", IMPORTS, server.url("/rss.xml"), str(tmp_path / "data"),
             processes],
            capture_output=True, text=True, timeout=180,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    imported_first, pages, inline = done.stdout.split()
    assert imported_first == "False"
    assert int(pages) > 0
    if processes == "0":
        assert int(inline) == int(pages)
