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
    INLINE_TAGS,
    InlineReader,
    PoolReader,
    ReaderCrashedError,
    ReadTimeoutError,
    SpareTime,
    loop_idle,
    read_processes,
    read_timeout,
)
from newscrawl.crawl.reading import PageRead, read_page
from newscrawl.crawl.worker import read_task, task_frame

PAGE = Path(__file__).parents[1] / "sources" / "mydrivers" / "bat-chips.html"
URL = "https://news.mydrivers.com/1/1000/1000000.htm"
LOG = ("WARNING", "%(message)s", "%H:%M:%S")


def page_args() -> tuple[bytes, str, str, sources.Source, None]:
    return PAGE.read_bytes(), URL, "text/html; charset=utf-8", sources.get("mydrivers"), None


# A page of the mydrivers layout with `paragraphs` paragraphs: 200,000 (5.4 MB, 400,000 tags)
# take ~5 s to read on this machine, far over the tests' 1 s NEWSCRAWL_READ_TIMEOUT.
LONG_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<div class="news_bt"><h1>{title}</h1></div>
<div class="news_bt1"><div class="news_bt1_left"><span class="date">2024-03-01 10:00:00</span>
</div></div><div class="news_info">{paragraphs}</div></body></html>
"""


def long_page(paragraphs: int = 200_000, title: str = "很长的文章") -> bytes:
    text = "".join(f"<p>第{i}段正文。</p>" for i in range(paragraphs))
    return LONG_PAGE.format(title=title, paragraphs=text).encode()


def long_page_args(paragraphs: int = 200_000) -> tuple[bytes, str, str, sources.Source, None]:
    _body, _url, content_type, source, entry = page_args()
    return long_page(paragraphs), URL.replace("1000000", "1000009"), content_type, source, entry


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


def test_a_page_over_the_read_timeout_fails_and_the_pages_behind_it_go_to_a_new_reader() -> None:
    reader = PoolReader(1, LOG, timeout=1.0)
    reader.spare = lambda: False  # every page to the reader, in this order

    async def read_all() -> tuple[list[int], list[BaseException | PageRead], list[int], float]:
        await reader.read(*page_args())  # the reader is up
        first = reader.pids()
        began = time.monotonic()
        pages = [long_page_args(), *[page_args()] * 3]
        done = await asyncio.gather(*(reader.read(*a) for a in pages), return_exceptions=True)
        return first, list(done), reader.pids(), time.monotonic() - began

    try:
        first, done, then, took = asyncio.run(read_all())
    finally:
        reader.close()
    stuck, *behind = done
    assert isinstance(stuck, ReadTimeoutError), stuck
    assert (str(stuck), stuck.detail) == ("read_timeout", "took over 1 s to read")
    assert all(isinstance(read, PageRead) and read.article.title for read in behind), behind
    assert reader.read_inline == 0
    assert len(first) == len(then) == 1
    assert first != then  # killed and replaced
    assert not running(first[0])
    assert took < 30  # not the page's own time on a loaded machine, nor stuck


def test_a_page_too_long_to_read_in_the_crawl_thread_waits_for_a_reader() -> None:
    """A crawl thread with time to spare reads past a short backlog, but not a page of more
    than INLINE_TAGS tags (its read could not be stopped)."""
    reader = PoolReader(1, LOG)
    reader.spare = lambda: True
    big = long_page_args(INLINE_TAGS // 2 + 10)

    async def read_all() -> list[PageRead]:
        pages = [*[page_args()] * PoolReader.SHARED, big, page_args()]
        return list(await asyncio.gather(*(reader.read(*a) for a in pages)))

    try:
        reads = asyncio.run(read_all())
    finally:
        reader.close()
    assert reader.read_inline == 1  # the last page, not the big one before it
    assert all(read.article.title for read in reads)


def test_without_readers_a_page_of_more_tags_than_the_timeouts_worth_fails_unread() -> None:
    reader = InlineReader(timeout=1.0)
    with pytest.raises(ReadTimeoutError) as raised:
        asyncio.run(reader.read(*long_page_args()))
    assert raised.value.detail == (
        "400,022 tags: more than the crawl's own thread may read in 1 s (10,000), "
        "with no reader processes"
    )
    assert reader.read_inline == 0
    assert asyncio.run(reader.read(*page_args())).article.title
    assert asyncio.run(InlineReader(timeout=None).read(*long_page_args(20_000))).article.title


def test_a_thread_that_may_be_held_less_than_the_timeout_reads_less_itself() -> None:
    """`hold` (a cluster worker's half lease) bounds the calling thread's reading below the
    read timeout, with readers beside it or not; a reader's own timeout stays as it is."""
    inline = InlineReader(timeout=60.0, hold=1.5)
    with pytest.raises(ReadTimeoutError) as raised:
        asyncio.run(inline.read(*long_page_args(10_000)))
    assert raised.value.detail == (
        "20,022 tags: more than the crawl's own thread may read in 1.5 s (15,000), "
        "with no reader processes"
    )
    assert InlineReader(timeout=None, hold=1.5).tags == 15_000
    assert InlineReader(timeout=60.0, hold=600.0).tags == 600_000
    assert PoolReader(1, LOG, timeout=60.0, hold=0.5).inline_tags == 5_000
    assert PoolReader(1, LOG, timeout=60.0, hold=0.5).timeout == 60.0
    assert PoolReader(1, LOG, timeout=60.0, hold=600.0).inline_tags == INLINE_TAGS


@pytest.mark.parametrize(
    ("value", "seconds"),
    [(None, 60.0), ("", 60.0), ("2.5", 2.5), (1, 1.0), ("0", None), (-1, None)],
)
def test_the_read_timeout_setting(value: object, seconds: float | None) -> None:
    assert read_timeout(value) == seconds


def test_a_killed_reader_fails_the_page_it_was_reading_and_the_pages_behind_it_are_read() -> None:
    reader = PoolReader(1, LOG)
    reader.spare = lambda: False

    async def read_while_killing() -> list[BaseException | PageRead]:
        await reader.read(*page_args())  # the reader is up
        pending = [asyncio.ensure_future(reader.read(*page_args())) for _ in range(3)]
        await asyncio.sleep(0)  # all three sent
        for pid in reader.pids():
            os.kill(pid, signal.SIGKILL)
        return list(await asyncio.gather(*pending, return_exceptions=True))

    try:
        first, *behind = asyncio.run(read_while_killing())
    finally:
        reader.close()
    assert isinstance(first, ReaderCrashedError)
    assert all(isinstance(read, PageRead) and read.article.title for read in behind), behind


async def _read_while_killing(reader: PoolReader) -> PageRead:
    # A reader up on this loop (each asyncio.run starts its own): one killed before its READY
    # was reading none of its pages, and sends them all to the next.
    await reader.read(*page_args())
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
