"""A page reader process: read_page over the pages sent on its stdin, each result on its stdout.

Started by crawl/pool.py as `python -c` (not through multiprocessing): the crawl then talks to
it over two plain pipes from its reactor's own thread, with no feeder or result thread that
would wait for the GIL while the reactor holds it, and no resource tracker process. A task is
two 4-byte big-endian lengths, a pickle of read_page's arguments but the page, and the page's
bytes as they are (the crawl writes them to the pipe from the response itself: a pickle of
the page would copy it twice more); a result is a 4-byte length and a pickle of `(True,
PageRead)` or `(False, exception)`; before the first, `READY` says the reader is up (its start-up,
imports included, is not counted in a page's read time: crawl/pool.py). The reader ends when
its stdin ends (the crawl closed it, or died: no reader outlives its crawl).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import struct
import sys
from collections.abc import Sequence
from typing import IO, Any

FRAME = struct.Struct("!I")
TASK = struct.Struct("!II")  # the pickle's length, the page's
READY = (None, None)  # the first result frame: the reader's imports are done


def frame(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return FRAME.pack(len(data)) + data


def task_frame(body: bytes, rest: tuple[Any, ...]) -> tuple[bytes, bytes]:
    """A task's head (lengths and the pickle of read_page's other arguments) and its page,
    to be written one after the other."""
    data = pickle.dumps(rest, protocol=pickle.HIGHEST_PROTOCOL)
    return TASK.pack(len(data), len(body)) + data, body


def read_task(stream: IO[bytes]) -> tuple[Any, ...] | None:
    """The next task's read_page arguments, or None at the end of the stream."""
    head = stream.read(TASK.size)
    if len(head) < TASK.size:
        return None
    size, body_size = TASK.unpack(head)
    data = stream.read(size)
    body = stream.read(body_size)
    if len(data) < size or len(body) < body_size:
        return None
    return (body, *pickle.loads(data))


def result_frame(args: tuple[Any, ...]) -> bytes:
    from newscrawl.crawl.reading import read_page

    try:
        return frame((True, read_page(*args)))
    except Exception as exc:  # the crawl raises it where the page was awaited
        try:
            return frame((False, exc))
        except Exception:  # an exception pickle cannot carry
            return frame((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def warm_up(modules: list[str]) -> None:
    """Import read_page and `modules` before the first task, while the crawl is still
    discovering what to fetch: not in its first pages' time."""
    import newscrawl.crawl.reading  # noqa: F401

    import_modules(modules)


def import_modules(modules: Sequence[str]) -> None:
    """Import each of `modules` that can be; one that cannot is said by the page that needs it."""
    import contextlib
    import importlib

    for name in modules:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def main(argv: list[str]) -> None:
    level, fmt, datefmt, *warm = argv
    # The pipes kept to themselves: a stray print() (a library's) goes to stderr, not into the
    # results, and nothing else reads the tasks.
    tasks = os.fdopen(os.dup(0), "rb")
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)
    # Ctrl-C reaches the whole process group: the crawl decides, and closes the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from newscrawl.crawl.memory import tune_gc, tune_malloc

    tune_malloc()
    tune_gc()
    logging.basicConfig(level=level, format=fmt, datefmt=datefmt)
    warm_up([name for name in ",".join(warm).split(",") if name])
    try:
        results.write(frame(READY))
        results.flush()
        while (task := read_task(tasks)) is not None:
            results.write(result_frame(task))
            results.flush()
    except BrokenPipeError:  # the crawl is gone (killed while this page was read): so is it
        os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
