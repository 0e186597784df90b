"""Page readers: read_page (crawl/reading.py) in reader processes fed by the reactor, or inline.

A crawl's CPU goes mostly to reading pages (decoding, extraction, page-kind checks); in the
reactor's thread that work is serial and holds up every download, image and archive write
behind it. Reader processes (crawl/worker.py) read pages on the other cores while the reactor
keeps fetching; the reactor writes each page to a reader's stdin pipe and reads the results
from its stdout as they come, with no thread of its own. The archive is still written by the
one crawl process, which also reads a page itself when the readers have a backlog and its own
core has time to spare (PoolReader; a process fewer is the crawl's largest memory saving).
NEWSCRAWL_READ_PROCESSES sets the number of readers: unset, one per core but the crawl's own;
0 reads in the reactor's thread only.

NEWSCRAWL_READ_TIMEOUT bounds the seconds one page's reading may take: a reader still on a
page after it is killed and replaced, the page fails as `read_timeout`, and the pages queued
behind it go to another reader. A page read in the crawl's own thread cannot be stopped
(extraction is lxml's C code and Python; an exception raised into it by a signal would leave
the crawl in whatever state it caught), so that thread reads no page that could take long:
with readers, one of more than INLINE_TAGS tags goes to a reader; without, one of more than
the timeout's worth of tags (TAGS_A_SECOND) fails at once, unread. A reader's start-up is
bounded too (START_UP): one that never says READY is replaced, its pages sent to the next.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import pickle
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import IO, TYPE_CHECKING, Any, Protocol

from newscrawl.crawl.loop import timed_selector
from newscrawl.crawl.worker import FRAME, import_modules, task_frame
from newscrawl.extract.feed import FeedEntry
from newscrawl.sources.base import Source

if TYPE_CHECKING:
    from newscrawl.crawl.reading import PageRead

logger = logging.getLogger(__name__)


class PageReadError(RuntimeError):
    """A page given up unread: str() is its reason (`newscrawl/failed/<reason>`), `detail` says
    what happened, in words, for its log line."""

    reason = "read_failed"
    detail = ""

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(self.reason)
        if detail is not None:
            self.detail = detail


class ReaderCrashedError(PageReadError):
    """A worker process died while reading a page (killed, out of memory, a crash in lxml)."""

    reason = "reader_crashed"
    detail = "its reader process died"


class ReadTimeoutError(PageReadError):
    """A page took longer than NEWSCRAWL_READ_TIMEOUT to read (or would, by its size: read in
    the crawl's own thread)."""

    reason = "read_timeout"


class _ResendError(Exception):
    """A page sent to a reader that was stopped (or died) before reading it: sent again."""


# The seconds a page's reading may take by default (NEWSCRAWL_READ_TIMEOUT; 0: no bound). The
# slowest pages of the benchmarks take under 1 s; a synthetic page of 50,000 paragraphs 5 s.
READ_TIMEOUT = 60.0
# Tags (`<`) read a second at the slowest rate measured on synthetic pages of repeated elements
# (benchmarks/README.md, "A time bound on reading a page"): a real page reads 5-10x faster.
TAGS_A_SECOND = 10_000
# The most tags a page read in the crawl's own thread beside its readers may have: above every
# benchmark page, ~2 s of that thread at the slowest rate; larger pages wait for a reader.
INLINE_TAGS = 20_000
# The seconds a reader may take to start (its READY frame, after its imports: under 1 s, a few
# on a loaded machine), or the read timeout if longer: then it is killed and replaced, and the
# pages sent to it go to the next one (none was read). After START_FAILURES such readers in a
# crawl, the crawl reads its pages in its own thread instead (one log line).
START_UP = 30.0
START_FAILURES = 3


def within_tags(body: bytes, tags: int) -> bool:
    """Whether `body` has at most `tags` tags, counted only when it could have more (a count
    costs ~1 ns a byte, a read ~100)."""
    return len(body) <= tags or body.count(b"<") <= tags


class PageReader(Protocol):
    async def read(
        self, body: bytes, url: str, content_type: str | None, source: Source,
        entry: FeedEntry | None,
    ) -> PageRead: ...  # fmt: skip

    read_inline: int  # pages read in the calling thread

    def start(self) -> None: ...

    def close(self) -> None: ...


# What read_page imports on its first page read by generic rules (no body selector): a crawl
# that reads such pages imports it as it starts, in its readers (crawl/worker.py) and on a
# thread of its own (import_meanwhile).
GENERIC_READING = ("trafilatura",)
# read_page's module and the extraction stack under it: the crawl process reads pages too, but
# none before its first responses, so it imports them on that thread, not before its first
# request (a page it reads before the thread is done waits for the import lock).
READING = "newscrawl.crawl.reading"

# Wraps each page read in the calling thread: the spider's accounts for the time that thread,
# the reactor's, held every response back (extensions/throttle.py).
InlineGuard = Callable[[], AbstractContextManager[Any]]


class InlineReader:
    """Reads in the calling thread (one core, or no asyncio reactor to await a pool from).

    That thread's read cannot be stopped, so the timeout bounds what it starts instead: a page
    of more tags than `timeout` seconds read at the slowest measured rate (TAGS_A_SECOND)
    fails unread, with the same reason as a reader's timeout. It is a bound on the work, not
    on the time: a page under it may still take longer on a loaded machine, and a page over it
    that would have read in time is lost (none of the benchmark pages comes near it: 600,000
    tags at the default 60 s, their most 13,423)."""

    def __init__(
        self,
        guard: InlineGuard = nullcontext,
        warm: tuple[str, ...] = (),
        timeout: float | None = READ_TIMEOUT,
        hold: float | None = None,
    ) -> None:
        self.guard, self.warm = guard, warm
        self.timeout = inline_seconds(timeout, hold)
        self.tags = int(self.timeout * TAGS_A_SECOND) if self.timeout else None
        self.read_inline = 0

    async def read(self, *args: Any) -> PageRead:
        if self.tags is not None and not within_tags(args[0], self.tags):
            raise ReadTimeoutError(
                f"{args[0].count(b'<'):,} tags: more than the crawl's own thread may read in "
                f"{self.timeout:g} s ({self.tags:,}), with no reader processes"
            )
        self.read_inline += 1
        with self.guard():
            return read_inline(*args)

    def start(self) -> None:
        import_meanwhile((READING, *self.warm))

    def close(self) -> None:
        pass


class _Results(asyncio.Protocol):
    """A reader's stdout: frames cut out as they arrive, each handed to the oldest page."""

    def __init__(self, worker: _Worker) -> None:
        self.worker = worker
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while len(self.buffer) >= FRAME.size:
            (size,) = FRAME.unpack_from(self.buffer)
            end = FRAME.size + size
            if len(self.buffer) < end:
                return
            with memoryview(self.buffer) as view:  # read in place, not copied out first
                result = pickle.loads(view[FRAME.size : end])
            del self.buffer[:end]
            self.worker.deliver(result)

    def connection_lost(self, exc: Exception | None) -> None:
        self.worker.lost()


class _Worker:
    """One reader process (crawl/worker.py) and its pipes, on the running asyncio loop; it
    reads its pages in the order sent, so results are matched to the oldest waiting page,
    the one it is reading: that page's time is watched (`timeout` seconds; None: no bound)."""

    def __init__(
        self,
        log: tuple[str, str, str],
        warm: tuple[str, ...] = (),
        timeout: float | None = None,
        start_up: float | None = None,
    ) -> None:
        start = _START.format(home=_package_home())
        command = [sys.executable, "-c", start, *log, ",".join(warm)]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for pipe in (self.process.stdin, self.process.stdout):
            _widen(pipe)
        self.loop = asyncio.get_running_loop()
        self.waiting: deque[asyncio.Future[PageRead]] = deque()
        self.alive = True
        self.tasks: asyncio.WriteTransport | None = None
        self.results: asyncio.BaseTransport | None = None
        self.protocol: _Results | None = None
        self.starting = 0  # pages waiting for the pipes to be set up
        self.timeout = timeout
        self.up = False  # the reader said READY: its start-up is not a page's time
        self.started = 0.0  # loop.time() the oldest waiting page's reading began
        self.watch: asyncio.TimerHandle | None = None  # looks at that page's time, when due
        self.start_failed = ""  # why it never started (no READY in time, or it died before)
        self.start_up = start_up
        self.start_watch = (
            None if start_up is None else self.loop.call_later(start_up, self._start_overdue)
        )
        self.ready = asyncio.ensure_future(self._connect())

    @property
    def backlog(self) -> int:
        return self.starting + len(self.waiting)

    async def _connect(self) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.tasks, _ = await self.loop.connect_write_pipe(asyncio.BaseProtocol, self.process.stdin)
        self.results, self.protocol = await self.loop.connect_read_pipe(
            lambda: _Results(self), self.process.stdout
        )

    async def read(self, args: tuple[Any, ...]) -> PageRead:
        self.starting += 1
        try:
            await asyncio.shield(self.ready)  # a cancelled page leaves the set-up to the next
        except OSError as exc:  # the pipes could not be set up
            self.lost()
            raise ReaderCrashedError from exc
        finally:
            self.starting -= 1
        if not self.alive or self.tasks is None or self.tasks.is_closing():
            raise _ResendError  # stopped or dead before this page was sent: another reader reads it
        # Queued and sent with no await between: results come back in this order.
        future: asyncio.Future[PageRead] = self.loop.create_future()
        self.waiting.append(future)
        if len(self.waiting) == 1:
            self._begin()
        head, body = task_frame(args[0], args[1:])
        self.tasks.write(head)
        self.tasks.write(body)
        return await future

    def deliver(self, result: tuple[bool | None, Any]) -> None:
        ok, value = result
        if ok is None:  # READY
            self.up = True
            self.started = self.loop.time()
            if self.start_watch is not None:
                self.start_watch.cancel()
                self.start_watch = None
            return
        future = self.waiting.popleft()
        if self.waiting:
            self._begin()
        if future.done():  # its reader was cancelled
            return
        if ok:
            future.set_result(value)
        else:
            future.set_exception(value)

    def _begin(self) -> None:
        """The oldest waiting page is being read from now (as far as this thread can tell: a
        result it has not yet taken in only makes the next page's time longer)."""
        self.started = self.loop.time()
        if self.timeout is not None and self.watch is None:
            # One timer a timeout, not one a page: _watch moves it on to the page then read.
            self.watch = self.loop.call_at(self.started + self.timeout, self._watch)

    def _watch(self) -> None:
        self.watch = None
        if not self.alive or not self.waiting or self.timeout is None:
            return
        now = self.loop.time()
        protocol = self.protocol
        if not self.up or (protocol is not None and protocol.buffer):
            # Still starting, or the page's result is on its way in: not stuck on it.
            self.watch = self.loop.call_at(now + self.timeout, self._watch)
        elif now < self.started + self.timeout:
            self.watch = self.loop.call_at(self.started + self.timeout, self._watch)
        else:
            self.stop(ReadTimeoutError(f"took over {self.timeout:g} s to read"))

    def _start_overdue(self) -> None:
        self.start_watch = None
        if self.alive and not self.up:
            self.stop_unstarted(f"no READY within {self.start_up:g} s")

    def lost(self) -> None:
        """The reader's stdout ended: it died (killed, out of memory, a crash in lxml); the
        page it was reading fails, those queued behind it go to another reader, and it is
        reaped. Before READY it was reading none (it reads after its imports): all go on."""
        if not self.up:
            self.stop_unstarted("it exited before READY")
        else:
            self.stop(ReaderCrashedError())

    def stop_unstarted(self, why: str) -> None:
        """Kill a reader that did not start: every page sent to it goes to another reader."""
        if not self.alive:
            return
        self.start_failed = why
        self.stop(None)

    def stop(self, error: PageReadError | None) -> None:
        """Kill the reader: the page it was reading fails with `error`, the others it was sent
        are sent again to another (none is lost: each still waits in its PoolReader.read).
        None: it was reading none (it never started), so all of them are sent again."""
        self.alive = False
        if self.waiting and error is not None:
            future = self.waiting.popleft()
            if not future.done():
                future.set_exception(error)
        while self.waiting:
            future = self.waiting.popleft()
            if not future.done():
                future.set_exception(_ResendError())
        self.close()

    def close(self) -> None:
        self.alive = False
        for handle in (self.watch, self.start_watch):
            if handle is not None:
                handle.cancel()
        self.watch = self.start_watch = None
        for transport in (self.tasks, self.results):
            if transport is not None and not self.loop.is_closed():
                transport.close()
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


# fcntl's F_SETPIPE_SZ (Linux): the name is in Python's fcntl from 3.10, not on every build.
_F_SETPIPE_SZ = 1031
_PIPE_SIZE = 1024 * 1024  # /proc/sys/fs/pipe-max-size's default: any user may ask for it


def _widen(pipe: IO[bytes] | None) -> None:
    """Give a reader's pipe room for several pages: a page is larger than a pipe's default
    64 KiB, and the part that does not fit waits in the crawl for its reactor thread to send
    it, while that thread may be reading a page itself and the reader idles."""
    if pipe is None:
        return
    # Not Linux, or a lower pipe-max-size: the default size, only slower.
    with contextlib.suppress(OSError):
        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", _F_SETPIPE_SZ), _PIPE_SIZE)


_START = (
    "import sys; sys.path.insert(0, {home!r}); "
    "from newscrawl.crawl.worker import main; main(sys.argv[1:])"
)


def loop_idle(loop: asyncio.AbstractEventLoop) -> Callable[[], float]:
    """A clock of the seconds `loop` has waited for events; for a loop without a selector
    (not asyncio's own), one that never moves: the crawl thread is never taken as idle."""
    timed = timed_selector(loop)
    if timed is None:
        return lambda: 0.0
    return lambda: timed.idle


class SpareTime:
    """Whether the crawl thread has had time to spare: its event loop waited for events at
    least `IDLE` of the last whole window of `WINDOW` seconds."""

    WINDOW = 0.25
    IDLE = 0.2

    def __init__(
        self, idle: Callable[[], float], wall: Callable[[], float] = time.perf_counter
    ) -> None:
        self.idle, self.wall = idle, wall
        self.since = (wall(), idle())
        self.share = 0.0  # nothing measured yet: not spare

    def __call__(self) -> bool:
        wall, idle = self.wall(), self.idle()
        if wall - self.since[0] >= self.WINDOW:
            self.share = (idle - self.since[1]) / (wall - self.since[0])
            self.since = (wall, idle)
        return self.share >= self.IDLE


class PoolReader:
    """Reads in `processes` reader processes (crawl/worker.py). The calling thread reads a page
    itself when the least busy reader has `QUEUED` waiting, or `SHARED` while that thread has
    time to spare (`spare`): a crawl thread kept busy by downloads, images and the archive
    leaves the pages to the readers (their queue is deep enough to keep them busy), one that
    waits between responses takes its share of the reading. It never reads a page of more
    than INLINE_TAGS tags (nor of more than `timeout` seconds' worth, TAGS_A_SECOND): its
    read could not be stopped, a reader's is after `timeout` seconds."""

    QUEUED = 16
    SHARED = 2

    def __init__(
        self,
        processes: int,
        log: tuple[str, str, str],
        guard: InlineGuard = nullcontext,
        warm: tuple[str, ...] = (),
        timeout: float | None = READ_TIMEOUT,
        hold: float | None = None,
        start_up: float | None = None,
    ) -> None:
        self.processes, self.log, self.guard = processes, log, guard
        self.timeout = timeout or None  # 0: no bound
        # None: START_UP, or the timeout if longer (a machine that slow reads slowly too).
        self.start_up = start_up or max(START_UP, self.timeout or 0.0)
        self.start_failures = 0  # readers that did not start, in this crawl
        # Reads in this thread once readers failed to start START_FAILURES times.
        self.fallback: InlineReader | None = None
        self.hold = hold
        inline = inline_seconds(timeout, hold)
        self.inline_tags = min(INLINE_TAGS, int(inline * TAGS_A_SECOND)) if inline else INLINE_TAGS
        self.warm = warm  # modules each reader imports as it starts (crawl/worker.py)
        self.read_inline = 0  # pages the calling thread read because the workers were busy
        self.workers: list[_Worker] = []  # started by start() or on first use, on the loop
        self.spare: Callable[[], bool] | None = None  # SpareTime, on the loop that reads

    @property
    def in_flight(self) -> int:
        return sum(worker.backlog for worker in self.workers)

    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self.workers if worker.alive]

    async def read(self, *args: Any) -> PageRead:
        if self.spare is None:
            self.spare = SpareTime(loop_idle(asyncio.get_running_loop()))
        while True:
            worker = self._worker()
            if worker is None:  # readers would not start: this thread reads
                assert self.fallback is not None
                read = await self.fallback.read(*args)
                self.read_inline += 1
                return read
            backlog = worker.backlog
            if (
                backlog >= self.QUEUED or (backlog >= self.SHARED and self.spare())
            ) and within_tags(args[0], self.inline_tags):
                self.read_inline += 1
                with self.guard():
                    return read_inline(*args)
            try:
                return await worker.read(args)
            except _ResendError:  # its reader was stopped before reading it
                continue

    def start(self) -> None:
        """Start the readers now, on the running event loop (the one that will read), so that
        their start-up (an interpreter, the extraction libraries) overlaps the crawl's first
        requests instead of holding its first pages; without a running loop, on first use."""
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return
        self._fill()
        import_meanwhile((READING, *self.warm))  # for the pages this thread reads itself

    def _worker(self) -> _Worker | None:
        """The least busy live reader; None once readers failed to start START_FAILURES
        times."""
        self._fill()
        if self.fallback is not None:
            return None
        return min(self.workers, key=lambda worker: worker.backlog)

    def _fill(self) -> None:
        """A reader for each process, a new one in place of any that died, did not start (or
        was started on another event loop: tests run several)."""
        if self.fallback is not None:
            return
        loop = asyncio.get_running_loop()
        for i, worker in enumerate(self.workers):
            if worker.alive and worker.loop is loop:
                continue
            worker.close()
            if worker.start_failed:
                self.start_failures += 1
                if self.start_failures >= START_FAILURES:
                    self._give_up(worker.start_failed)
                    return
                logger.warning(
                    "page reader %d did not start (%s): replaced",
                    worker.process.pid,
                    worker.start_failed,
                )
            self.workers[i] = self._new_worker()
        while len(self.workers) < self.processes:
            self.workers.append(self._new_worker())

    def _new_worker(self) -> _Worker:
        return _Worker(self.log, self.warm, self.timeout, self.start_up)

    def _give_up(self, why: str) -> None:
        """No more readers: the crawl's own thread reads every page from now on, as with
        NEWSCRAWL_READ_PROCESSES=0 (a page of more than the timeout's worth of tags fails)."""
        logger.error(
            "page readers failed to start %d times (the last: %s): pages are read in the "
            "crawl's own thread from now on",
            self.start_failures,
            why,
        )
        self.fallback = InlineReader(self.guard, (), self.timeout, self.hold)
        self.close()

    def close(self) -> None:
        for worker in self.workers:
            worker.close()
        self.workers = []


def read_inline(*args: Any) -> PageRead:
    """read_page in the calling thread, imported on first use (see READING)."""
    from newscrawl.crawl.reading import read_page

    return read_page(*args)


def import_meanwhile(modules: tuple[str, ...]) -> None:
    """Import `modules` on a thread of its own: while the crawl's loop waits for its first
    responses, not on the loop at the first page it reads (which waits for the import lock
    if it comes before the thread is done). Called on the loop as the crawl opens, the thread
    starts importing once that loop first waits for events (its first request is then on its
    way): before, its import would take the GIL from the loop's own start, in turns."""
    if modules:
        waited = _loop_waited()
        threading.Thread(
            target=_import_after, args=(modules, waited), name="imports", daemon=True
        ).start()


# How often the import thread looks whether the loop has waited yet, and for how long at most
# (a loop that never waits still gets its imports, later).
_WAIT_POLL, _WAIT_LONGEST = 0.002, 5.0


def _loop_waited() -> Callable[[], bool]:
    """Whether the running event loop has waited for events since this call; always true
    without a running loop or one whose waits cannot be timed (crawl/loop.py)."""
    try:
        timed = timed_selector(asyncio.get_running_loop())
    except RuntimeError:
        timed = None
    if timed is None:
        return lambda: True
    idle = timed.idle
    return lambda: timed.idle > idle


def _import_after(modules: tuple[str, ...], waited: Callable[[], bool]) -> None:
    deadline = time.monotonic() + _WAIT_LONGEST
    while not waited() and time.monotonic() < deadline:
        time.sleep(_WAIT_POLL)
    import_modules(modules)


def _package_home() -> str:
    """The folder this newscrawl was imported from, first on the reader's sys.path: with an
    editable install beside another one in the system's site packages, a reader could
    otherwise import the other checkout's newscrawl."""
    from pathlib import Path

    import newscrawl

    return str(Path(newscrawl.__file__).resolve().parent.parent)


def read_processes(configured: int | None) -> int:
    """The pool's size: NEWSCRAWL_READ_PROCESSES, or one per core but the crawl's own."""
    if configured is not None:
        return max(0, configured)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(0, (cores or 1) - 1)


def page_reader(
    settings: Any,
    guard: InlineGuard = nullcontext,
    warm: tuple[str, ...] = (),
    hold: float | None = None,
) -> PageReader:
    """The reader a crawl with these Scrapy settings uses; `guard` wraps each page it reads in
    the calling thread; `warm` names modules its readers import as they start, besides
    read_page's own (those read_page imports on its first page of a kind); `hold` bounds the
    seconds one page read in the calling thread may hold it, below the read timeout (a cluster
    worker's thread must renew its leases: crawl/redis/spider.py)."""
    from scrapy.utils.reactor import is_asyncio_reactor_installed, is_reactor_installed

    value = settings.get("NEWSCRAWL_READ_PROCESSES")
    processes = read_processes(None if value in (None, "") else int(value))
    timeout = read_timeout(settings.get("NEWSCRAWL_READ_TIMEOUT"))
    # A pool's futures are awaited as asyncio ones: Twisted's own reactors cannot.
    if processes == 0 or (is_reactor_installed() and not is_asyncio_reactor_installed()):
        return InlineReader(guard, warm, timeout, hold)
    log = (
        str(settings.get("LOG_LEVEL", "INFO")),
        str(settings.get("LOG_FORMAT")),
        str(settings.get("LOG_DATEFORMAT")),
    )
    return PoolReader(processes, log, guard, warm, timeout, hold)


def inline_seconds(timeout: float | None, hold: float | None) -> float | None:
    """The most seconds' worth of tags the calling thread may read of one page: the read
    timeout, or less if that thread may not be held as long (None: no bound)."""
    bounds = [b for b in (timeout, hold) if b]
    return min(bounds) if bounds else None


def read_timeout(value: Any) -> float | None:
    """NEWSCRAWL_READ_TIMEOUT in seconds: unset, READ_TIMEOUT; 0 (or less): no bound."""
    seconds = READ_TIMEOUT if value in (None, "") else float(value)
    return seconds if seconds > 0 else None
