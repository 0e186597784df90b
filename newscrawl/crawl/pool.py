"""Page readers: read_page (crawl/reading.py) in worker processes fed by the reactor, or inline.

A crawl's CPU goes mostly to reading pages (decoding, extraction, page-kind checks); in the
reactor's thread that work is serial and holds up every download, image and archive write
behind it. A pool of processes reads pages on the other cores while the reactor keeps fetching;
the archive is still written by the one crawl process, which also reads a page itself when
every worker already has one waiting (its own core is otherwise idle between responses, and a
process fewer is the crawl's largest memory saving). NEWSCRAWL_READ_PROCESSES sets the pool's
size: unset, one per core but the crawl's own; 0 reads in the reactor's thread only.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, Protocol

from newscrawl.crawl.memory import tune_malloc
from newscrawl.crawl.reading import PageRead, read_page
from newscrawl.extract.feed import FeedEntry
from newscrawl.sources.base import Source

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

logger = logging.getLogger(__name__)


class ReaderCrashedError(RuntimeError):
    """A worker process died while reading a page (killed, out of memory, a crash in lxml)."""


class PageReader(Protocol):
    async def read(
        self, body: bytes, url: str, content_type: str | None, source: Source,
        entry: FeedEntry | None,
    ) -> PageRead: ...  # fmt: skip

    read_inline: int  # pages read in the calling thread

    def close(self) -> None: ...


# Wraps each page read in the calling thread: the spider's accounts for the time that thread,
# the reactor's, held every response back (extensions/throttle.py).
InlineGuard = Callable[[], AbstractContextManager[Any]]


class InlineReader:
    """Reads in the calling thread (one core, or no asyncio reactor to await a pool from)."""

    def __init__(self, guard: InlineGuard = nullcontext) -> None:
        self.guard = guard
        self.read_inline = 0

    async def read(self, *args: Any) -> PageRead:
        self.read_inline += 1
        with self.guard():
            return read_page(*args)

    def close(self) -> None:
        pass


class PoolReader:
    """Reads in `processes` worker processes, spawned (a fork of the crawl would copy its
    threads' locks; a fork server would be one more process, as large as a worker); a page
    read while each worker already has `QUEUED` waiting is read in the calling thread."""

    QUEUED = 4

    def __init__(
        self, processes: int, log: tuple[str, str, str], guard: InlineGuard = nullcontext
    ) -> None:
        self.processes, self.log, self.guard = processes, log, guard
        self.in_flight = 0
        self.read_inline = 0  # pages the calling thread read because the workers were busy
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        # Imported here: a crawl with nothing to read (an unchanged source) starts no pool.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        _pin_package()
        return ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_start,
            initargs=self.log,
        )

    async def read(self, *args: Any) -> PageRead:
        if self.in_flight >= self.QUEUED * self.processes:
            self.read_inline += 1
            with self.guard():
                return read_page(*args)
        self.in_flight += 1
        try:
            return await self._read_in_pool(*args)
        finally:
            self.in_flight -= 1

    async def _read_in_pool(self, *args: Any) -> PageRead:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return await asyncio.wrap_future(self.executor.submit(read_page, *args))
        except BrokenProcessPool as exc:
            # Every page in flight fails with it; the next ones get a new pool.
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()
            raise ReaderCrashedError("reader_crashed") from exc

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def _pin_package() -> None:
    """Put the folder this newscrawl was imported from first on sys.path, which a spawned
    worker copies: with an editable install beside another one in the system's site packages,
    a worker could otherwise import the other checkout's newscrawl."""
    import sys
    from pathlib import Path

    import newscrawl

    home = str(Path(newscrawl.__file__).resolve().parent.parent)
    if sys.path[:1] != [home]:
        sys.path.insert(0, home)


def _worker_start(level: str, fmt: str, datefmt: str) -> None:
    tune_malloc()
    logging.basicConfig(level=level, format=fmt, datefmt=datefmt)
    _exit_with_parent()


def _exit_with_parent() -> None:
    """End this worker when the crawl that spawned it dies (SIGKILL, out of memory): a spawned
    worker holds its own copy of the task queue's writing end, so it would wait for tasks,
    orphaned, forever."""
    import multiprocessing
    import threading
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def read_processes(configured: int | None) -> int:
    """The pool's size: NEWSCRAWL_READ_PROCESSES, or one per core but the crawl's own."""
    if configured is not None:
        return max(0, configured)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(0, (cores or 1) - 1)


def page_reader(settings: Any, guard: InlineGuard = nullcontext) -> PageReader:
    """The reader a crawl with these Scrapy settings uses; `guard` wraps each page it reads in
    the calling thread."""
    from scrapy.utils.reactor import is_asyncio_reactor_installed, is_reactor_installed

    value = settings.get("NEWSCRAWL_READ_PROCESSES")
    processes = read_processes(None if value in (None, "") else int(value))
    # A pool's futures are awaited as asyncio ones: Twisted's own reactors cannot.
    if processes == 0 or (is_reactor_installed() and not is_asyncio_reactor_installed()):
        return InlineReader(guard)
    log = (
        str(settings.get("LOG_LEVEL", "INFO")),
        str(settings.get("LOG_FORMAT")),
        str(settings.get("LOG_DATEFORMAT")),
    )
    return PoolReader(processes, log, guard)
