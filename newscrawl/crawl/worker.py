"""A page reader process: read_page over the pages sent on its stdin, each result on its stdout.

Started by crawl/pool.py as `python -c` (not through multiprocessing): the crawl then talks to
it over two plain pipes from its reactor's own thread, with no feeder or result thread that
would wait for the GIL while the reactor holds it, and no resource tracker process. Frames are
a 4-byte big-endian length and a pickle: a task is read_page's arguments, a result is `(True,
PageRead)` or `(False, exception)`. The reader ends when its stdin ends (the crawl closed it,
or died: no reader outlives its crawl).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import struct
import sys
from typing import IO, Any

FRAME = struct.Struct("!I")


def frame(value: Any) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return FRAME.pack(len(data)) + data


def read_frame(stream: IO[bytes]) -> bytes | None:
    """The next frame's payload, or None at the end of the stream."""
    head = stream.read(FRAME.size)
    if len(head) < FRAME.size:
        return None
    (size,) = FRAME.unpack(head)
    data = stream.read(size)
    return data if len(data) == size else None


def result_frame(args: tuple[Any, ...]) -> bytes:
    from newscrawl.crawl.reading import read_page

    try:
        return frame((True, read_page(*args)))
    except Exception as exc:  # the crawl raises it where the page was awaited
        try:
            return frame((False, exc))
        except Exception:  # an exception pickle cannot carry
            return frame((False, RuntimeError(f"{type(exc).__name__}: {exc}")))


def main(argv: list[str]) -> None:
    level, fmt, datefmt = argv
    # The pipes kept to themselves: a stray print() (a library's) goes to stderr, not into the
    # results, and nothing else reads the tasks.
    tasks = os.fdopen(os.dup(0), "rb")
    results = os.fdopen(os.dup(1), "wb")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(2, 1)
    # Ctrl-C reaches the whole process group: the crawl decides, and closes the pipe.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from newscrawl.crawl.memory import tune_malloc

    tune_malloc()
    logging.basicConfig(level=level, format=fmt, datefmt=datefmt)
    try:
        while (task := read_frame(tasks)) is not None:
            results.write(result_frame(pickle.loads(task)))
            results.flush()
    except BrokenPipeError:  # the crawl is gone (killed while this page was read): so is it
        os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
