"""A reader's start-up is bounded: one that never says READY (its imports hang) or that exits
before it is killed or reaped and replaced, and the pages sent to it go to the next reader,
none failed (it was reading none: a reader reads only after READY). After START_FAILURES such
readers the crawl reads its pages in its own thread, with one log line. Real reader processes,
made to hang or exit by a module they import as they start (`warm`)."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest
from test_pool import LOG, long_page_args, page_args, running

from newscrawl.crawl.pool import START_FAILURES, PoolReader, ReadTimeoutError
from newscrawl.crawl.reading import PageRead

# The first reader to import it hangs (or exits); the others start as usual.
ONCE = """
import os, pathlib, time
mark = pathlib.Path(os.environ["NEWSCRAWL_TEST_MARK"])
if not mark.exists():
    mark.write_text(str(os.getpid()))
    {action}
"""
HANG, EXIT = "time.sleep(3600)", "os._exit(3)"
ALWAYS_HANG = "import time\ntime.sleep(3600)\n"


def warm_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, code: str) -> Path:
    (tmp_path / f"{name}.py").write_text(code)
    mark = tmp_path / "mark"
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("NEWSCRAWL_TEST_MARK", str(mark))
    return mark


@pytest.mark.parametrize(
    ("action", "why"),
    [(HANG, "no READY within 2 s"), (EXIT, "it exited before READY")],
    ids=["hangs", "exits"],
)
def test_a_reader_that_does_not_start_is_replaced_and_its_pages_read_by_the_next(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    action: str,
    why: str,
) -> None:
    mark = warm_module(tmp_path, monkeypatch, "start_once", ONCE.format(action=action))
    # 2 s to start: a reader's imports take ~0.35 s here; the first one never ends them.
    reader = PoolReader(1, LOG, warm=("start_once",), timeout=1.0, start_up=2.0)
    reader.spare = lambda: False  # every page to a reader

    async def read_all() -> tuple[list[PageRead], float]:
        began = time.monotonic()
        reads = await asyncio.gather(*(reader.read(*page_args()) for _ in range(3)))
        return list(reads), time.monotonic() - began

    try:
        reads, took = asyncio.run(read_all())
        pids = reader.pids()
    finally:
        reader.close()
    first = int(mark.read_text())
    assert all(read.article.title for read in reads)  # none failed: resent, not read_timeout
    assert reader.read_inline == 0
    assert reader.start_failures == 1
    assert pids
    assert first not in pids
    assert not running(first)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        f"page reader {first} did not start ({why}): replaced"
    ]
    assert took < 60  # not held for ever by the first reader


def test_readers_that_never_start_leave_the_pages_to_the_crawl_thread_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    warm_module(tmp_path, monkeypatch, "start_never", ALWAYS_HANG)
    reader = PoolReader(1, LOG, warm=("start_never",), timeout=1.0, start_up=1.0)
    reader.spare = lambda: False
    started: list[int] = []

    async def read_all() -> list[BaseException | PageRead]:
        pages = [page_args(), long_page_args(), page_args()]
        pending = [asyncio.ensure_future(reader.read(*a)) for a in pages]
        while not pending[0].done():
            started.extend(pid for pid in reader.pids() if pid not in started)
            await asyncio.sleep(0.05)
        return list(await asyncio.gather(*pending, return_exceptions=True))

    try:
        first, long, last = asyncio.run(read_all())
    finally:
        reader.close()
    assert isinstance(first, PageRead)
    assert first.article.title
    assert isinstance(last, PageRead)
    # The crawl thread's own bound: no more than the timeout's worth of tags, unread past it.
    assert isinstance(long, ReadTimeoutError)
    assert long.detail.endswith("more than the crawl's own thread may read in 1 s (10,000), "
                                "with no reader processes")  # fmt: skip
    assert reader.start_failures == START_FAILURES
    assert reader.read_inline == 2
    assert reader.pids() == []
    assert len(started) == START_FAILURES
    assert not [pid for pid in started if running(pid)]
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert lines[:-1] == [
        f"page reader {pid} did not start (no READY within 1 s): replaced" for pid in started[:-1]
    ]
    assert lines[-1:] == [
        f"page readers failed to start {START_FAILURES} times (the last: no READY within 1 s): "
        "pages are read in the crawl's own thread from now on"
    ]
