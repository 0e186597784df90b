"""The page readers: one reader process and the calling thread when it is busy."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from newscrawl import sources
from newscrawl.crawl.pool import (
    PoolReader,
    ReaderCrashedError,
    SpareTime,
    loop_idle,
    read_processes,
)
from newscrawl.crawl.reading import PageRead, read_page
from newscrawl.crawl.worker import read_task, task_frame

PAGE = Path(__file__).parents[1] / "sources" / "mydrivers" / "bat-chips.html"
URL = "https://news.mydrivers.com/1/1000/1000000.htm"
LOG = ("WARNING", "%(message)s", "%H:%M:%S")


def page_args() -> tuple[bytes, str, str, sources.Source, None]:
    return PAGE.read_bytes(), URL, "text/html; charset=utf-8", sources.get("mydrivers"), None


@pytest.mark.parametrize(("configured", "cores", "expected"), [
    (0, 2, 0), (3, 2, 3), (-1, 2, 0), (None, 1, 0), (None, 2, 1), (None, 8, 7),
])  # fmt: skip
def test_pool_size_leaves_the_crawl_its_own_core(
    monkeypatch: pytest.MonkeyPatch, configured: int | None, cores: int, expected: int
) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(cores)))
    assert read_processes(configured) == expected


def test_pages_past_the_workers_queue_are_read_inline_alike() -> None:
    guarded: list[str] = []

    @contextmanager
    def guard() -> Iterator[None]:
        guarded.append("in")
        yield
        guarded.append("out")

    reader = PoolReader(1, LOG, guard)
    reader.spare = lambda: False  # a busy crawl thread: only a full queue overflows
    try:
        reads = asyncio.run(_read_at_once(reader, PoolReader.QUEUED + 2))
    finally:
        reader.close()
    assert reader.read_inline == 2
    assert guarded == ["in", "out"] * 2  # each page read in the calling thread, and only those
    assert reader.in_flight == 0
    inline = read_page(*page_args())
    assert inline.article.title
    assert inline.article.body_html
    for read in reads:
        assert (read.article.title, read.article.body_html, read.skip) == (
            inline.article.title, inline.article.body_html, inline.skip,
        )  # fmt: skip


def test_a_crawl_thread_with_time_to_spare_reads_past_a_short_backlog() -> None:
    reader = PoolReader(1, LOG)
    reader.spare = lambda: True
    try:
        reads = asyncio.run(_read_at_once(reader, PoolReader.SHARED + 3))
    finally:
        reader.close()
    assert reader.read_inline == 3
    assert all(read.article.title for read in reads)


def test_spare_time_is_the_loops_idle_share_over_the_last_whole_window() -> None:
    clock = {"wall": 0.0, "idle": 0.0}
    spare = SpareTime(lambda: clock["idle"], lambda: clock["wall"])
    assert not spare()  # nothing measured yet
    clock.update(wall=0.1, idle=0.1)
    assert not spare()  # the window is not over
    clock.update(wall=0.3, idle=0.15)  # 50% idle
    assert spare()
    clock.update(wall=0.5, idle=0.15)  # busy since, the window not over: still the last one's
    assert spare()
    clock.update(wall=0.6, idle=0.18)  # (0.18 - 0.15) / 0.3 = 10% idle
    assert not spare()


def test_the_loops_idle_time_is_its_wait_for_events() -> None:
    async def measure() -> tuple[float, float]:
        idle = loop_idle(asyncio.get_running_loop())
        assert loop_idle(asyncio.get_running_loop())() == idle()  # wrapped once
        start = idle()
        await asyncio.sleep(0.2)  # waiting: idle
        waited = idle() - start
        busy_until = time.perf_counter() + 0.2
        while time.perf_counter() < busy_until:  # working: not idle
            await asyncio.sleep(0)
        return waited, idle() - start - waited

    waited, working = asyncio.run(measure())
    assert waited >= 0.15
    assert working < 0.05


async def _read_at_once(reader: PoolReader, pages: int) -> list[PageRead]:
    return list(await asyncio.gather(*(reader.read(*page_args()) for _ in range(pages))))


def test_a_killed_worker_fails_its_pages_and_the_next_ones_get_a_new_pool() -> None:
    reader = PoolReader(1, LOG)
    try:
        asyncio.run(_read_at_once(reader, 1))  # the worker is up
        with pytest.raises(ReaderCrashedError):
            asyncio.run(_read_while_killing(reader))
        assert asyncio.run(_read_at_once(reader, 1))[0].article.title
    finally:
        reader.close()


async def _read_while_killing(reader: PoolReader) -> PageRead:
    pending = asyncio.ensure_future(reader.read(*page_args()))
    await asyncio.sleep(0)  # submitted
    for pid in reader.pids():
        os.kill(pid, signal.SIGKILL)
    return await pending


CRAWL = """
import asyncio, sys, time
sys.path.insert(0, {tests!r})
from test_pool import LOG, page_args
from newscrawl.crawl.pool import PoolReader

async def main():
    reader = PoolReader(1, LOG)
    await reader.read(*page_args())
    print(*reader.pids(), flush=True)
    time.sleep(60)

asyncio.run(main())
"""


def running(pid: int) -> bool:
    """Whether `pid` is a live process (a zombie no one reaped yet is not)."""
    try:
        return "zombie" not in Path(f"/proc/{pid}/status").read_text().lower()
    except FileNotFoundError:
        return False


def test_a_killed_crawl_leaves_no_reader_behind() -> None:
    """SIGKILL of the crawl process (or the OOM killer): its reader exits too, not orphaned."""
    script = CRAWL.format(tests=str(Path(__file__).parent))
    crawl = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert crawl.stdout is not None
    readers = [int(pid) for pid in crawl.stdout.readline().split()]
    assert readers
    crawl.kill()
    crawl.wait()
    deadline = time.monotonic() + 10
    while any(map(running, readers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = [pid for pid in readers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


def test_a_page_that_fails_to_read_raises_its_error_and_the_reader_goes_on() -> None:
    reader = PoolReader(1, LOG)

    async def read_both() -> tuple[BaseException | PageRead, ...]:
        body, url, content_type, _source, entry = page_args()
        bad = reader.read(body, url, content_type, None, entry)  # no source: read_page fails
        return tuple(await asyncio.gather(bad, reader.read(*page_args()), return_exceptions=True))

    try:
        failed, read = asyncio.run(read_both())
        pids = reader.pids()
    finally:
        reader.close()
    assert isinstance(failed, AttributeError)
    assert isinstance(read, PageRead)
    assert read.article.title
    assert len(pids) == 1
    assert not running(pids[0])  # closed with the reader


def test_a_cancelled_page_leaves_every_other_page_its_own_result() -> None:
    reader = PoolReader(1, LOG)
    reader.spare = lambda: False

    async def read(url: str) -> PageRead:
        body, _url, content_type, source, entry = page_args()
        return await reader.read(body, url, content_type, source, entry)

    async def cancel_some() -> list[str]:
        urls = [f"https://news.mydrivers.com/1/1000/100000{i}.htm" for i in range(4)]
        tasks = [asyncio.ensure_future(read(url)) for url in urls]
        await asyncio.sleep(0)
        tasks[0].cancel()  # before the reader's pipes are set up
        await asyncio.sleep(0.5)
        tasks[2].cancel()  # sent, waiting for its result
        done = await asyncio.gather(*tasks, return_exceptions=True)
        return [r.article.url if isinstance(r, PageRead) else type(r).__name__ for r in done]

    try:
        got = asyncio.run(cancel_some())
    finally:
        reader.close()
    urls = [f"https://news.mydrivers.com/1/1000/100000{i}.htm" for i in range(4)]
    assert got[0] == "CancelledError"
    assert got[1] == urls[1]
    assert got[3] == urls[3]
    assert got[2] in ("CancelledError", urls[2])  # it may have been read by then


def test_a_task_carries_the_page_as_it_is_beside_the_pickled_arguments() -> None:
    pages = [b"<html>\x00\xff" * 50_000, b""]
    args = [
        (page, f"https://example.org/{i}", "text/html", None, None) for i, page in enumerate(pages)
    ]
    frames = [task_frame(a[0], a[1:]) for a in args]
    assert all(body is page for (_, body), page in zip(frames, pages, strict=True))  # no copy
    stream = io.BytesIO(b"".join(head + body for head, body in frames))
    assert [read_task(stream), read_task(stream), read_task(stream)] == [*args, None]
    head, body = frames[0]
    assert read_task(io.BytesIO(head + body[:-1])) is None  # cut short: the crawl died
